"""The collection: titles and copies, search, imports, copy cataloguing, discards, stocktaking and the local-heritage files."""
