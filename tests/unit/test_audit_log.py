"""The audit log read back: pages, filters, the librarian's words, CSV export, the CLI."""

from __future__ import annotations

import ast
import csv
import json
import re
import threading
from argparse import Namespace
from datetime import date, datetime
from pathlib import Path

import pytest

from rozupe_desk.db.connection import database
from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import catalogue, set_language
from rozupe_desk.services.circulation import circulation, koc
from rozupe_desk.services.safety import audit
from tests.cli.test_cli import run
from tests.desk_data import NOW, small_library

PACKAGE = Path(audit.__file__).resolve().parents[1]
LATVIAN = set("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ")


def _recorded_action_ids() -> set[str]:
    """Every action id passed to `audit.record` anywhere in the program; an f-string's
    `{origin}` stands for each origin the circulation service is called with."""
    origins = {circulation.DESK, koc.ORIGIN}
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit" and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant):
                found.add(first.value)
            elif isinstance(first, ast.JoinedStr):
                tail = "".join(v.value for v in first.values if isinstance(v, ast.Constant))
                found |= {origin + tail for origin in origins}
            else:
                raise AssertionError(f"{path}: an action id that is not a literal")
    return found


def test_every_recorded_action_has_a_latvian_name_a_kind_and_words():
    actions = _recorded_action_ids()
    assert {"desk.checkout", "koc.checkin", "privacy.erase", "settings.update"} <= actions
    messages = catalogue()
    for action in actions:
        assert audit.kind_of(action) != audit.OTHER, f"{action} belongs to no kind"
        for prefix in ("audit.action.", "audit.summary."):
            texts = messages.get(prefix + action)
            assert texts and texts["lv"] and texts["en"], f"{prefix}{action} is missing"
            assert texts["lv"] != texts["en"]
    for kind, listed in audit.KINDS.items():  # and nothing listed that the code never records
        assert set(listed) <= actions, (kind, set(listed) - actions)
    names = [messages[f"audit.kind.{kind}"]["lv"] for kind in (*audit.KINDS, audit.OTHER)]
    assert any(set(name) & LATVIAN for name in names)


def _add(at: str, action: str, entity: str = "", entity_id: str = "", **details) -> None:
    database.execute_sql(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, details) "
        "VALUES (?, 'bibliotekare', ?, ?, ?, ?)",
        (at, action, entity, entity_id, json.dumps(details, ensure_ascii=False)
         if details else ""))


def _all(where: audit.Filter, limit: int) -> list[audit.Entry]:
    rows, after = [], None
    while True:
        page = audit.page(where, after=after, limit=limit)
        rows += page
        if len(page) < limit:
            return rows
        after = page[-1].cursor


def test_pages_run_newest_first_without_gaps_or_repeats(db_path):
    # Equal times (a fast scanner) and out-of-order ids (a clock set back) included.
    stamps = ["2026-03-01 10:00:00.000001"] * 5 + ["2026-02-28 09:00:00"] * 3 + [
        "2026-03-02 08:00:00", "2026-01-01 00:00:00"]
    for n, at in enumerate(stamps):
        _add(at, "desk.checkout" if n % 2 else "patron.register", "loan", str(n))
    expected = sorted(((s, n + 1) for n, s in enumerate(stamps)), reverse=True)
    for where in (audit.Filter(), audit.Filter(kind="circulation")):
        for limit in (1, 2, 3, 100):
            got = [(e.cursor[0], e.id) for e in _all(where, limit)]
            wanted = [k for k in expected
                      if where.kind is None or (k[1] - 1) % 2 == 1]
            assert got == wanted, (where, limit)


def test_filters_by_dates_kind_words_and_card(db_path):
    small_library()
    anna = circulation.checkout(barcode="1001", patron_id=1, at=NOW)  # logged at today's time
    circulation.checkin(barcode="1001", at=NOW.replace(hour=12))
    _add("2026-03-09 23:59:59", "settings.update", "setting", keys=["loan_days"])
    _add("2026-03-11 00:00:00", "privacy.erase", "patron", "4")
    _add("2026-03-11 00:00:01", "someone.elses_action", "thing", "7", note="100% tīrs_")

    def actions(**kwargs) -> list[str]:
        return [e.action for e in audit.page(audit.Filter(**kwargs))]

    assert actions(end=date(2026, 3, 9)) == ["settings.update"]
    assert actions(start=date(2026, 3, 11), end=date(2026, 3, 11)) == [
        "someone.elses_action", "privacy.erase"]
    assert actions(kind="settings") == ["settings.update"]
    assert actions(kind="privacy") == ["privacy.erase"]
    assert actions(kind="other") == ["someone.elses_action"]
    assert set(actions(kind="circulation")) == {"desk.checkout", "desk.checkin"}
    assert actions(text="loan_days") == ["settings.update"]
    assert actions(text="100%") == ["someone.elses_action"]  # % is a letter, not a wildcard
    assert actions(text="1%") == []
    assert actions(text="rs_") == ["someone.elses_action"]
    assert actions(text="irs_") == []
    # A reader's card finds what was done to and for that reader.
    assert set(actions(text="A1")) == {"desk.checkout", "desk.checkin"}
    assert anna.patron_id == 1
    with pytest.raises(DomainError, match="Nezināms darbību veids"):
        audit.page(audit.Filter(kind="nonsense"))
    with pytest.raises(DomainError, match="pēc beigu datuma"):
        audit.page(audit.Filter(start=date(2026, 3, 2), end=date(2026, 3, 1)))


def test_the_librarian_reads_words_not_json(db_path):
    small_library()
    circulation.checkout(barcode="1001", patron_id=1, at=NOW)
    circulation.renew(barcode="1001", at=NOW.replace(hour=13))
    circulation.checkin(barcode="1001", at=NOW.replace(hour=14))
    circulation.undo_last()
    _add("2026-03-12 10:00:00", "item.status", "item", "3", barcode="2001",
         before="available", after="lost")
    _add("2026-03-12 10:00:01", "koc.payment", "payment", "5", amount_cents=150)
    _add("2026-03-12 10:00:02", "privacy.erase", "patron", "999")
    _add("2026-03-12 10:00:03", "settings.update", "setting", keys=["library_phone", "x_y"])
    texts = [e.summary for e in audit.page()]
    assert "Mainīti iestatījumi: Tālrunis, x_y" in texts
    assert "Izsniegts: 1001 lasītājam A1" in texts
    assert "Saņemts atpakaļ: 1001 no lasītāja A1" in texts
    assert any(t.startswith("Atsaukta darbība Nr.") and t.endswith(": Saņemšana")
               for t in texts)
    assert any(re.fullmatch(r"Pagarināts izsniegums Nr\. 1: termiņš \d\d\.\d\d\.2026 → "
                            r"\d\d\.\d\d\.2026", t) for t in texts)
    assert "Eksemplārs 2001: pieejams → nozaudēts" in texts
    assert "Maksājums Nr. 5: 1,50 €" in texts
    assert "Dzēsti lasītāja #999 personas dati" in texts
    assert not any("{" in t or "patron_id" in t for t in texts)
    set_language("en")
    assert "Checked out: 1001 to reader A1" in [e.summary for e in audit.page()]


def test_an_unknown_action_still_reads_sensibly(db_path):
    _add("2026-03-12 10:00:00", "backup.verify", "file", "x.bak", size=12, ok=True)
    _add("2026-03-12 10:00:01", "broken", "", "", )
    database.execute_sql("UPDATE audit_log SET details = 'not json' WHERE action = 'broken'")
    first, second = audit.page()
    assert first.action_name == "broken" and first.summary == "details: not json"
    assert second.kind == audit.OTHER
    assert second.summary == "file x.bak; size: 12; ok: True"


def test_export_writes_excel_csv_of_the_filtered_rows(db_path, tmp_path):
    small_library()
    circulation.checkout(barcode="1001", patron_id=1, at=NOW)
    _add("2026-03-09 10:00:00", "settings.update", "setting", keys=["library_name"])
    _add("2026-03-09 10:00:01", "events.create", "event", "3", title="Dzejas pēcpusdiena; \"lasījumi\"")
    target = tmp_path / "žurnāls.csv"
    count = audit.export_csv(audit.Filter(end=date(2026, 3, 9)), target)
    assert count == 2
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:4] == ["Laiks", "Lietotājs", "Veids", "Darbība"]
    assert rows[1][3] == "Pasākuma izveide"
    assert rows[1][6] == 'Jauns pasākums: Dzejas pēcpusdiena; "lasījumi"'
    assert json.loads(rows[1][7]) == {"title": 'Dzejas pēcpusdiena; "lasījumi"'}
    assert rows[2][2] == "Iestatījumi" and len(rows) == 3
    assert not list(tmp_path.glob("*.part"))

    with pytest.raises(DomainError, match="Nevar ierakstīt"):
        audit.export_csv(audit.Filter(), tmp_path / "nav" / "x.csv")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DomainError, match="atcelts"):
        audit.export_csv(audit.Filter(), tmp_path / "atcelts.csv", cancel=cancel)
    assert not (tmp_path / "atcelts.csv").exists() and not list(tmp_path.glob("*.part"))


def _plan(sql: str, params: list) -> str:
    return " | ".join(row[3] for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}",
                                                             params).fetchall())


@pytest.mark.sqlite_only
def test_a_kind_reads_its_index_ranges_and_never_sorts_the_log(db_path, monkeypatch):
    seen: list[tuple[str, list]] = []
    real = database.obj.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        if "FROM audit_log" in sql and "ORDER BY" in sql:
            seen.append((sql, list(params or [])))
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database.obj, "execute_sql", spy)
    audit.page(audit.Filter(kind="circulation", start=date(2026, 1, 1)),
               after=("2026-03-01 10:00:00", 50), limit=100)
    audit.page(audit.Filter(), after=("2026-03-01 10:00:00", 50), limit=100)
    _add("2026-03-01 10:00:00", "someone.elses_action")
    _add("2026-03-01 10:00:00", "settings.update")
    audit.page(audit.Filter(kind="other"), limit=100)
    monkeypatch.undo()
    other_plan = _plan(*seen[2])  # the ids of other kinds are found by index seeks
    assert other_plan.count("audit_log_action_at") == 1 and "SCAN audit_log" not in other_plan
    kind_plan = _plan(*seen[0])
    assert kind_plan.count("audit_log_action_at") == len(audit.KINDS["circulation"])
    assert "SCAN audit_log" not in kind_plan
    plain_plan = _plan(*seen[1])
    assert "audit_log_at" in plain_plan and "TEMP B-TREE" not in plain_plan


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_a_rare_kind_among_many_rows_is_found_at_once(db_path):
    with database.atomic():
        database.execute_sql(
            "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 299999) "
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, details) "
            "SELECT datetime('2026-01-01', '+' || (x * 60) || ' seconds'), '', "
            "CASE WHEN x = 1234 THEN 'settings.update' ELSE 'desk.checkout' END, 'loan', x, "
            "'{\"barcode\": \"1\", \"patron_id\": 1}' FROM n")
    # Work is counted in SQLite's virtual-machine steps, not seconds: a scan of the 300 000
    # rows would take millions of steps, the index seeks a few thousand.
    steps = []
    database.connection().set_progress_handler(lambda: steps.append(1), 1000)
    try:
        found = audit.page(audit.Filter(kind="settings"))
        newest = audit.page(audit.Filter(kind="circulation"), limit=200)
        further = audit.page(audit.Filter(kind="circulation"), after=newest[-1].cursor,
                             limit=200)
    finally:
        database.connection().set_progress_handler(None, 1000)
    assert [e.action for e in found] == ["settings.update"] and len(newest) == 200
    assert further[0].id == newest[-1].id - 1
    assert len(steps) < 200, len(steps)
    # Words are looked for row by row; a stale search is stopped, not waited for.
    stop = threading.Event()
    stop.set()
    with pytest.raises(DomainError, match="pārtraukta"):
        audit.page(audit.Filter(text="nekas tāds"), cancel=stop)
    assert audit.page(audit.Filter(text="nekas tāds"), cancel=threading.Event()) == []
    assert len(audit.page(limit=3)) == 3  # the connection reads on as before


def test_cli_audit_exports_prints_and_refuses(tmp_path, db_path, capsys):
    db = str(tmp_path / "lib.sqlite")
    out = tmp_path / "a.csv"
    done = run("--db", db, "audit", "--from", "2000-01-01", "--kind", "settings", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "saglabāts failā" in done.stdout and "ierakstu: 0" in done.stdout
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    bad_kind = run("--db", db, "audit", "--kind", "nonsense")
    assert bad_kind.returncode == 1 and "Nezināms darbību veids" in bad_kind.stderr
    assert "Traceback" not in bad_kind.stderr
    bad_date = run("--db", db, "audit", "--from", "2026-13-01")
    assert bad_date.returncode == 2 and "GGGG-MM-DD" in bad_date.stderr
    # Without a file the entries are printed, one a line (in process: no second start-up).
    _add("2026-03-09 10:00:00", "events.create", "event", "3", title="Dzejas vakars")
    from rozupe_desk.commands.audit import run_audit
    assert run_audit(Namespace(start=date(2026, 3, 9), end=None, kind="events", text="",
                               output=None)) == 0
    assert capsys.readouterr().out.endswith(
        "\tbibliotekare\tPasākuma izveide\tJauns pasākums: Dzejas vakars\n")


def test_the_recorded_time_is_when_it_happened(db_path):
    small_library()
    before = datetime.now().replace(microsecond=0)
    circulation.checkout(barcode="1001", patron_id=1, at=NOW)
    entry = audit.page()[0]
    assert entry.at >= before and entry.actor == audit.current_actor()
