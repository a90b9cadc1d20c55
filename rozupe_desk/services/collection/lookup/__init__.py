"""Copy cataloguing (issue 17): ask union and national catalogues over SRU or Z39.50 for
a new book's record by ISBN, ISSN or title and author, and import the one picked.

`query` reads what was scanned or typed, `servers` holds the catalogues of the settings,
`sru` and `z3950` speak the two protocols, `search` asks the catalogues in order,
`save` imports a picked record through the catalogue import, `pending` keeps the ISBNs
scanned while offline. No Qt here: the window and the command line call the same code.
"""
