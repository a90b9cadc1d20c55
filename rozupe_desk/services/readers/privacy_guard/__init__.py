"""Privacy that holds up (issue 14): what makes anonymising and erasing final.

`closed_years`: the statistics of anonymised history kept as numbers, not reader links;
`scrub`: an erased reader's bytes gone from the database file and its WAL;
`erasures`: the ledger that erases readers again after an older backup is restored.
"""
