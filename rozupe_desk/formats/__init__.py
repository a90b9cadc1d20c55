"""File formats the library exchanges: readers and writers, without the database."""
