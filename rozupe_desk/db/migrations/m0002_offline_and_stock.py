"""Version 2: offline circulation files, payments, stocktaking, discard acts, attachments."""

STATEMENTS = [
    """CREATE TABLE koc_transaction (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        line_key TEXT NOT NULL UNIQUE,
        file_name TEXT NOT NULL DEFAULT '',
        line_no INTEGER NOT NULL,
        raw TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
        reason TEXT NOT NULL DEFAULT '',
        decided_at DATETIME NOT NULL)""",
    """CREATE TABLE payment (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at DATETIME NOT NULL,
        patron_id INTEGER REFERENCES patron(id) ON DELETE SET NULL,
        card_number TEXT NOT NULL DEFAULT '',
        amount_cents INTEGER NOT NULL,
        source TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE discard_act (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        number TEXT NOT NULL UNIQUE,
        act_date DATE NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL)""",
    "ALTER TABLE item ADD COLUMN discard_act_id INTEGER REFERENCES discard_act(id)",
    "CREATE INDEX item_discard_act ON item(discard_act_id) WHERE discard_act_id IS NOT NULL",
    """CREATE TABLE stocktake_session (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at DATETIME NOT NULL,
        finished_at DATETIME,
        scope TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE stocktake_scan (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES stocktake_session(id) ON DELETE CASCADE,
        barcode TEXT NOT NULL,
        item_id INTEGER REFERENCES item(id) ON DELETE SET NULL,
        scanned_at DATETIME NOT NULL,
        UNIQUE (session_id, barcode))""",
    """CREATE TABLE attachment (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title_id INTEGER NOT NULL REFERENCES title(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        stored_path TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'document',
        caption TEXT NOT NULL DEFAULT '',
        added_at DATETIME NOT NULL)""",
    "CREATE INDEX attachment_title ON attachment(title_id)",
]
