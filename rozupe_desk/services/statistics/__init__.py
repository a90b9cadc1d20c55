"""Statistics: the central library's indicators and the per-day summaries they read."""
