"""Stocktaking per branch (issue 16): a session counts the copies of one branch, or of
every branch when `branch_id` is NULL (as every session before branches did)."""

from __future__ import annotations

STATEMENTS = [
    "ALTER TABLE stocktake_session ADD COLUMN branch_id INTEGER",
]
