"""File formats: MARC21, CSV, KOC and statistics exports."""
