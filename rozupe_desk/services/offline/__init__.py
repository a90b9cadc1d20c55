"""Offline fallback of a desk on the library's server: the journal, the mode, the return."""
