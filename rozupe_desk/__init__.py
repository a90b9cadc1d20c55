"""Rožupe Desk: the circulation desk of a small rural library."""

__version__ = "0.1.0"
