"""File formats: readers and writers of the files the library exchanges (MARC21, CSV, KOC)."""
