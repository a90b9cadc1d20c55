"""Branches of the municipality's library: the copies each holds, the desk's own."""
