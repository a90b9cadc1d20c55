"""Version 7: per-day summaries that keep the statistics fast over ten million loans.

`stats_reader_day` holds one row per reader token and day with any checkout, renewal,
return or hand-counted visit; `stats_day_count` the number of checkouts, renewals, returns
and automatic visits per day, age group and document type; `stats_reader_year` each
token's first day in a year and first day with a checkout or renewal. They are derived data, rebuilt by `services/statistics/stats_summary.refresh` for the days
listed in `stats_dirty_day`. Triggers list a day there whenever a row that counts on that
day is written, changed or deleted, so the summaries never go stale; the triggers only
add a day to a small table and cost microseconds at the desk.
"""

_DIRTY = "INSERT OR IGNORE INTO stats_dirty_day(day)"


def _days(*expressions: str) -> str:
    """SQL listing the non-null days of the given datetime expressions as dirty."""
    unions = " UNION ".join(f"SELECT substr({e}, 1, 10) AS d" for e in expressions)
    return f"{_DIRTY} SELECT d FROM ({unions}) WHERE d IS NOT NULL;"


TABLES = [
    """CREATE TABLE stats_dirty_day (day TEXT PRIMARY KEY) WITHOUT ROWID""",
    """CREATE TABLE stats_reader_day (
        day TEXT NOT NULL,
        token INTEGER NOT NULL,
        circulation INTEGER NOT NULL,  -- a checkout, renewal or return: an automatic visit
        lent INTEGER NOT NULL,         -- a checkout or renewal
        child INTEGER NOT NULL,        -- a child's transaction (see services/statistics/stats.py)
        PRIMARY KEY (day, token)) WITHOUT ROWID""",
    "CREATE INDEX stats_reader_day_token ON stats_reader_day(token, day, child)",
    """CREATE TABLE stats_day_count (
        day TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('checkout', 'renewal', 'return', 'visit')),
        child INTEGER NOT NULL,
        document_type TEXT NOT NULL,  -- '' for visits
        n INTEGER NOT NULL,
        PRIMARY KEY (day, kind, child, document_type)) WITHOUT ROWID""",
    """CREATE TABLE stats_reader_year (
        year INTEGER NOT NULL,
        token INTEGER NOT NULL,
        first_day TEXT NOT NULL,
        first_lent_day TEXT,  -- NULL: no checkout or renewal that year
        PRIMARY KEY (year, token)) WITHOUT ROWID""",
    # Copies on loan at a month's end: the returned ones are found without touching rows.
    """CREATE INDEX loan_returned_due ON loan(returned_at, due_on, issued_at)
        WHERE returned_at IS NOT NULL""",
    "CREATE INDEX loan_open_due_issued ON loan(due_on, issued_at) WHERE returned_at IS NULL",
    "CREATE INDEX patron_registered ON patron(registered_on)",
]

# The triggers that list changed days; `stats_summary` puts back any that a later rebuild of
# a table dropped.
TRIGGERS = [
    f"""CREATE TRIGGER stats_loan_insert AFTER INSERT ON loan BEGIN
        {_days("NEW.issued_at", "NEW.returned_at")} END""",
    f"""CREATE TRIGGER stats_loan_update AFTER UPDATE OF
            issued_at, returned_at, patron_token, patron_id, age_group, document_type ON loan
        WHEN OLD.issued_at IS NOT NEW.issued_at OR OLD.returned_at IS NOT NEW.returned_at
          OR OLD.patron_token IS NOT NEW.patron_token OR OLD.patron_id IS NOT NEW.patron_id
          OR OLD.age_group IS NOT NEW.age_group OR OLD.document_type IS NOT NEW.document_type
        BEGIN {_days("OLD.issued_at", "NEW.issued_at", "OLD.returned_at", "NEW.returned_at")}
        END""",
    f"""CREATE TRIGGER stats_loan_delete AFTER DELETE ON loan BEGIN
        {_days("OLD.issued_at", "OLD.returned_at")} END""",
    f"""CREATE TRIGGER stats_renewal_insert AFTER INSERT ON renewal BEGIN
        {_days("NEW.renewed_at")} END""",
    f"""CREATE TRIGGER stats_renewal_update AFTER UPDATE OF renewed_at, loan_id ON renewal BEGIN
        {_days("OLD.renewed_at", "NEW.renewed_at")} END""",
    f"""CREATE TRIGGER stats_renewal_delete AFTER DELETE ON renewal BEGIN
        {_days("OLD.renewed_at")} END""",
    f"""CREATE TRIGGER stats_visit_insert AFTER INSERT ON visit
        WHEN NEW.patron_token IS NOT NULL BEGIN {_days("NEW.at")} END""",
    f"""CREATE TRIGGER stats_visit_update AFTER UPDATE OF at, patron_token, age_group ON visit
        BEGIN {_days("OLD.at", "NEW.at")} END""",
    f"""CREATE TRIGGER stats_visit_delete AFTER DELETE ON visit
        WHEN OLD.patron_token IS NOT NULL BEGIN {_days("OLD.at")} END""",
    # A corrected birth changes the age group of the reader's renewals and returns.
    f"""CREATE TRIGGER stats_patron_birth AFTER UPDATE OF birth_date, birth_year ON patron
        WHEN OLD.birth_date IS NOT NEW.birth_date OR OLD.birth_year IS NOT NEW.birth_year
        BEGIN
        {_DIRTY} SELECT substr(returned_at, 1, 10) FROM loan
                  WHERE patron_id = NEW.id AND returned_at IS NOT NULL
                 UNION SELECT substr(r.renewed_at, 1, 10) FROM renewal r
                  JOIN loan l ON l.id = r.loan_id WHERE l.patron_id = NEW.id;
        END""",
]

# Everything already recorded is summarised at the first statistics request.
BACKFILL = f"""{_DIRTY} SELECT substr(issued_at, 1, 10) FROM loan
        UNION SELECT substr(returned_at, 1, 10) FROM loan WHERE returned_at IS NOT NULL
        UNION SELECT substr(renewed_at, 1, 10) FROM renewal
        UNION SELECT substr(at, 1, 10) FROM visit WHERE patron_token IS NOT NULL"""

STATEMENTS = [*TABLES, *TRIGGERS, BACKFILL]

# PostgreSQL: the same days listed by row triggers of PL/pgSQL (the tables come through the
# common dialect; `stats_dirty_day` takes a day once, as INSERT OR IGNORE does on SQLite).
_MARK = "PERFORM stats_mark_days"
_POSTGRES_FUNCTIONS = [
    """CREATE FUNCTION stats_mark_days(VARIADIC stamps TEXT[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO stats_dirty_day(day) SELECT DISTINCT substr(s, 1, 10) FROM unnest(stamps) s
         WHERE s IS NOT NULL ON CONFLICT DO NOTHING $$""",
    f"""CREATE FUNCTION stats_loan_days() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'INSERT' THEN {_MARK}(NEW.issued_at, NEW.returned_at);
        ELSIF TG_OP = 'DELETE' THEN {_MARK}(OLD.issued_at, OLD.returned_at);
        ELSIF (OLD.issued_at, OLD.returned_at, OLD.patron_token, OLD.patron_id, OLD.age_group,
               OLD.document_type) IS DISTINCT FROM (NEW.issued_at, NEW.returned_at,
               NEW.patron_token, NEW.patron_id, NEW.age_group, NEW.document_type) THEN
            {_MARK}(OLD.issued_at, NEW.issued_at, OLD.returned_at, NEW.returned_at);
        END IF;
        RETURN NULL; END $$""",
    f"""CREATE FUNCTION stats_renewal_days() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'INSERT' THEN {_MARK}(NEW.renewed_at);
        ELSIF TG_OP = 'DELETE' THEN {_MARK}(OLD.renewed_at);
        ELSE {_MARK}(OLD.renewed_at, NEW.renewed_at);
        END IF;
        RETURN NULL; END $$""",
    f"""CREATE FUNCTION stats_visit_days() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.patron_token IS NOT NULL THEN {_MARK}(NEW.at); END IF;
        ELSIF TG_OP = 'DELETE' THEN
            IF OLD.patron_token IS NOT NULL THEN {_MARK}(OLD.at); END IF;
        ELSE {_MARK}(OLD.at, NEW.at);
        END IF;
        RETURN NULL; END $$""",
    """CREATE FUNCTION stats_patron_birth_days() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF (OLD.birth_date, OLD.birth_year) IS DISTINCT FROM (NEW.birth_date, NEW.birth_year)
        THEN
            INSERT INTO stats_dirty_day(day)
                 SELECT substr(returned_at, 1, 10) FROM loan
                  WHERE patron_id = NEW.id AND returned_at IS NOT NULL
                 UNION SELECT substr(r.renewed_at, 1, 10) FROM renewal r
                  JOIN loan l ON l.id = r.loan_id WHERE l.patron_id = NEW.id
                 ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL; END $$""",
]
POSTGRES_TRIGGERS = [
    """CREATE TRIGGER stats_loan AFTER INSERT OR DELETE OR UPDATE OF issued_at, returned_at,
        patron_token, patron_id, age_group, document_type ON loan
        FOR EACH ROW EXECUTE FUNCTION stats_loan_days()""",
    """CREATE TRIGGER stats_renewal AFTER INSERT OR DELETE OR UPDATE OF renewed_at, loan_id
        ON renewal FOR EACH ROW EXECUTE FUNCTION stats_renewal_days()""",
    """CREATE TRIGGER stats_visit AFTER INSERT OR DELETE OR UPDATE OF at, patron_token,
        age_group ON visit FOR EACH ROW EXECUTE FUNCTION stats_visit_days()""",
    """CREATE TRIGGER stats_patron_birth AFTER UPDATE OF birth_date, birth_year ON patron
        FOR EACH ROW EXECUTE FUNCTION stats_patron_birth_days()""",
]
SERVER_BACKFILL = BACKFILL.replace("INSERT OR IGNORE INTO", "INSERT INTO") + " ON CONFLICT DO NOTHING"
SERVER_STATEMENTS = [*TABLES, *_POSTGRES_FUNCTIONS, *POSTGRES_TRIGGERS, SERVER_BACKFILL]
