"""Version 8: the audit log read by kind of action, newest first.

`audit_log_action_at` lets the log view and its export read one action id's rows in time
order without scanning the whole log (ten million rows and more at municipality scale);
SQLite adds the row id to the index, so `(action, at, id)` pages by keyset. Inserts stay
cheap: each action's rows are appended at the end of its own range.
"""

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS audit_log_action_at ON audit_log(action, at)",
]
