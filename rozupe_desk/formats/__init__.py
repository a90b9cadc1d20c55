"""File formats: readers and writers of the files the library exchanges (CSV, MARC21, KOC)."""
