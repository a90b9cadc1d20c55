"""Several desks on one PostgreSQL server (issue 16): checkout p95 with 1, 2 and 4 desks.

    nice -n 10 python benchmarks/bench_server.py [--scale branch|municipality]
        [--url postgresql://…] [--keep]

Without `--url` it starts a throw-away cluster of its own (tests/postgres_server.py) and
fills it with the demo at `--scale` (`--keep` leaves it running and prints its URL, so a
municipality, half an hour to build, can be measured again with `--url`). Each desk is a process of its own; it takes turns
between a checkout through the service (`circulation.checkout`, row locks, retries) and
the same statements in raw psycopg (the baseline), on copies of its own, so both meet the
same server load. Budgets: p95 ≤ 20 ms per desk and ≤ 3× raw; the window's cold start on
the server URL ≤ 2 s.

`--search` measures search as you type alone (2 to 5 letters of common and rare words) over
1 000 000 titles and 100 000 readers made set-based in a minute or two (`fill_search_scale`);
budget p95 ≤ 30 ms (DESIGN §6).
"""

from __future__ import annotations

import argparse
import compileall
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

SCANS_PER_DESK = 300  # half through the service, half raw
RAW_SETTINGS = ("loan_days", "renewals_allowed", "max_loans", "hold_keep_days", "closed_weekdays")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class RawCheckout:
    """The service's checkout statements straight on psycopg, locks included."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)

    def __call__(self, barcode: str, patron_id: int) -> float:
        now = datetime.now().replace(microsecond=0)
        stamp, today = now.isoformat(sep=" "), now.date()
        started = time.perf_counter()
        with self.conn.transaction():
            run = self.conn.execute
            run("SELECT 1 FROM item WHERE barcode = %s FOR UPDATE", (barcode,))
            item = run("SELECT i.id, i.barcode, i.status, i.title_id, t.title, t.document_type,"
                       " l.id, l.patron_id, l.issued_at, l.due_on FROM item i"
                       " JOIN title t ON t.id = i.title_id LEFT JOIN loan l ON l.item_id = i.id"
                       " AND l.returned_at IS NULL WHERE i.barcode = %s", (barcode,)).fetchone()
            run("SELECT 1 FROM patron WHERE id = %s FOR UPDATE", (patron_id,))
            patron = run("SELECT id, card_number, first_name, last_name, birth_date, birth_year,"
                         " category, blocked, anonymized, token, reregistered_year FROM patron"
                         " WHERE id = %s", (patron_id,)).fetchone()
            rules = dict(run("SELECT key, value FROM setting WHERE key = ANY(%s)",
                             (list(RAW_SETTINGS),)).fetchall())
            run("SELECT count(*) FROM loan WHERE patron_id = %s AND returned_at IS NULL",
                (patron_id,)).fetchone()
            run("SELECT day FROM closed_day WHERE day BETWEEN %s AND %s",
                (today.isoformat(), (today + timedelta(days=366)).isoformat())).fetchall()
            days = json.loads(rules.get("loan_days", "{}")).get(item[5], 28)
            loan_id = run(
                "INSERT INTO loan (item_id, patron_id, patron_token, age_group, patron_category,"
                " document_type, issued_at, due_on, renewals)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 0) RETURNING id",
                (item[0], patron[0], patron[9], "adult", patron[6], item[5], stamp,
                 (today + timedelta(days=days)).isoformat())).fetchone()[0]
            run("UPDATE item SET status = 'on_loan', status_changed_on = %s WHERE id = %s",
                (today.isoformat(), item[0]))
            if patron[10] is None or patron[10] < today.year:
                run("UPDATE patron SET reregistered_year = %s WHERE id = %s",
                    (today.year, patron[0]))
            run("INSERT INTO audit_log (at, actor, action, entity, entity_id, details)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (stamp, "bench@raw", "desk.checkout", "loan", str(loan_id),
                 json.dumps({"item_id": item[0], "patron_id": patron[0]})))
        return time.perf_counter() - started


def desk(url: str, desk_number: int, copies_file: str) -> None:
    """One desk process on its own copies: prints {"service": [...], "raw": [...]} (s)."""
    from rozupe_desk.services import library
    from rozupe_desk.services.circulation import circulation
    from rozupe_desk.services.sql import all_rows

    library.open_library(url)
    readers = [r[0] for r in all_rows(
        "SELECT id FROM patron WHERE blocked = 0 AND anonymized = 0 ORDER BY id LIMIT 400")]
    copies = json.loads(Path(copies_file).read_text())[desk_number]
    raw = RawCheckout(url)
    service, baseline = [], []
    for n in range(0, len(copies) - 1, 2):
        reader = readers[(n * 7 + desk_number) % len(readers)]
        started = time.perf_counter()
        circulation.checkout(barcode=copies[n], patron_id=reader)
        service.append(time.perf_counter() - started)
        baseline.append(raw(copies[n + 1], readers[(n * 7 + desk_number + 1) % len(readers)]))
    print(json.dumps({"service": service, "raw": baseline}))


def with_desks(url: str, desks: int) -> dict[str, float]:
    """Start `desks` desk processes at once on fresh copies; their scans' p50/p95."""
    import psycopg

    with psycopg.connect(url) as conn:
        shelf = [r[0] for r in conn.execute(
            "SELECT barcode FROM item WHERE status = 'available' ORDER BY id LIMIT %s",
            (SCANS_PER_DESK * desks,))]
    copies_file = Path(tempfile.mkstemp(suffix=".json")[1])
    copies_file.write_text(json.dumps([shelf[n::desks] for n in range(desks)]))
    procs = [subprocess.Popen([sys.executable, __file__, "--desk", str(n), str(copies_file),
                               url],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
             for n in range(desks)]
    service, raw = [], []
    for proc in procs:
        out, _ = proc.communicate(timeout=900)
        if proc.returncode != 0:
            raise RuntimeError(f"desk process failed ({proc.returncode})")
        data = json.loads(out)
        service += data["service"]
        raw += data["raw"]
    copies_file.unlink()
    return {"service_p50": percentile(service, 0.5) * 1000,
            "service_p95": percentile(service, 0.95) * 1000,
            "raw_p50": percentile(raw, 0.5) * 1000, "raw_p95": percentile(raw, 0.95) * 1000,
            "scans": len(service)}


def release_copies(url: str) -> None:
    """Close the benchmark's loans again so the next round finds copies on the shelf."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE loan SET returned_at = issued_at WHERE returned_at IS NULL"
                     " AND id IN (SELECT entity_id::bigint FROM audit_log"
                     " WHERE actor LIKE '%%@%%' AND action = 'desk.checkout')")
        conn.execute("UPDATE item SET status = 'available' WHERE status = 'on_loan'"
                     " AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.item_id = item.id"
                     " AND l.returned_at IS NULL)")


SEARCHES = ("berz", "kalnin", "anna", "ozol", "liepa", "janis", "peter", "zari")
TITLE_SEARCHES = ("biskop", "latvij", "vesture", "darz", "pasak", "virtuv", "dzeja", "maja")


def search_p95(url: str) -> dict[str, float]:
    """Search as you type on the server (folded words over the trigram indexes), ms."""
    from rozupe_desk.services import library
    from rozupe_desk.services.collection import catalog
    from rozupe_desk.services.readers import patrons

    library.open_library(url)
    timings: dict[str, list[float]] = {"readers": [], "titles": []}
    for _ in range(3):
        for word in SEARCHES:
            for end in range(3, len(word) + 1):  # each keystroke from the third letter
                started = time.perf_counter()
                patrons.search(text=word[:end], limit=50)
                patrons.count(text=word[:end])
                timings["readers"].append(time.perf_counter() - started)
        for word in TITLE_SEARCHES:
            for end in range(3, len(word) + 1):
                started = time.perf_counter()
                catalog.search_titles(query=word[:end], limit=50)
                timings["titles"].append(time.perf_counter() - started)
    return {kind: percentile(values, 0.95) * 1000 for kind, values in timings.items()}


def fill_search_scale(url: str, *, titles: int = 1_000_000, readers: int = 100_000) -> None:
    """Titles and readers at municipality scale in a few set-based statements: titles of
    three words of a skewed vocabulary (demo words, common, and made-up rare ones), readers
    with demo names, cards, phones and e-mails; folded as the services fold them."""
    import psycopg

    from rozupe_desk.services import demo_words as words
    from rozupe_desk.text import fold

    vocabulary = sorted({fold(w) for group in (words.TITLE_NOUNS, words.TITLE_ADJECTIVES,
                                               words.MALE_FIRST, words.FEMALE_FIRST,
                                               words.VILLAGES) for w in group})
    vocabulary += RARE_WORDS
    first = [fold(n) for n in words.MALE_FIRST + words.FEMALE_FIRST]
    last = [fold(n) for pair in words.SURNAMES for n in pair]
    pick = "(%(w)s::text[])[1 + floor(cardinality(%(w)s::text[]) * power(random(), 3))::int]"  # skewed
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT setseed(0.16)")
        conn.execute(
            "INSERT INTO title (title, authors, isbn, search_text, created_at) SELECT "
            "w1 || ' ' || w2 || ' ' || w3, a, i, w1 || ' ' || w2 || ' ' || w3 || ' ' || a "
            f"|| ' ' || i, now() FROM (SELECT {pick} AS w1, {pick} AS w2, {pick} AS w3, "
            "(%(f)s::text[])[1 + floor(random() * cardinality(%(f)s::text[]))::int] || ' ' || "
            "(%(l)s::text[])[1 + floor(random() * cardinality(%(l)s::text[]))::int] AS a, "
            "'978' || lpad(g::text, 10, '0') AS i FROM generate_series(1, %(n)s) g) AS r",
            {"w": vocabulary, "f": first, "l": last, "n": titles})
        conn.execute(
            "INSERT INTO patron (card_number, first_name, last_name, phone, email, "
            "registered_on, token, search_text, created_at) SELECT c, f, l, p, e, "
            "current_date, g, f || ' ' || l || ' ' || c || ' ' || p || ' ' || e, now() FROM "
            "(SELECT g, 'r' || lpad(g::text, 6, '0') AS c, "
            "(%(f)s::text[])[1 + floor(random() * cardinality(%(f)s::text[]))::int] AS f, "
            "(%(l)s::text[])[1 + floor(random() * cardinality(%(l)s::text[]))::int] AS l, "
            "'2' || lpad(floor(random() * 1e7)::text, 7, '0') AS p, "
            "'r' || g || '@inbox.lv' AS e FROM generate_series(1, %(n)s) g) AS r",
            {"f": first, "l": last, "n": readers})
        conn.execute("VACUUM ANALYZE")


def _syllable_words() -> list[str]:
    syllables = ("ka", "ru", "me", "to", "li", "sa", "ve", "do", "ni", "pu", "zi", "go")
    return [a + b + c for a in syllables for b in syllables for c in syllables]


RARE_WORDS = _syllable_words()  # 1728 made-up words, the tail of the vocabulary
# Common (majas, dziesma, janis, berzins) and rare words, typed 2 to 5 letters.
TYPED_TITLES = ("majas", "dziesma", "janis", RARE_WORDS[-1], RARE_WORDS[-300], "97800001")
TYPED_READERS = ("berzins", "anna", "kalnina", "r0123", "zvirbule", "inbox")


def typing_p95(url: str, rounds: int = 3) -> dict[str, float]:
    """Search as you type at each keystroke from the second to the fifth letter, p95 ms:
    a page of titles (`search_titles`), a page of readers and their count."""
    from rozupe_desk.services import library
    from rozupe_desk.services.collection import catalog
    from rozupe_desk.services.readers import patrons

    library.open_library(url)
    timings: dict[str, list[float]] = {"readers": [], "titles": []}
    for _ in range(rounds):
        for word in TYPED_TITLES:
            for end in range(2, 6):
                started = time.perf_counter()
                catalog.search_titles(query=word[:end], limit=200)
                timings["titles"].append(time.perf_counter() - started)
        for word in TYPED_READERS:
            for end in range(2, 6):
                started = time.perf_counter()
                patrons.search(text=word[:end], limit=200)
                patrons.count(text=word[:end])
                timings["readers"].append(time.perf_counter() - started)
    return {kind: percentile(values, 0.95) * 1000 for kind, values in timings.items()}


def search_scale(url: str | None) -> int:
    """`--search`: fill a fresh cluster (or the empty library at `url`) set-based, measure."""
    from rozupe_desk.db.connection import close_database
    from rozupe_desk.services import library
    from tests.postgres_server import Cluster

    cluster = Cluster() if url is None else None
    try:
        url = url or cluster.fresh_database()
        library.open_library(url)
        close_database()
        started = time.perf_counter()
        fill_search_scale(url)
        print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)
        figures = typing_p95(url)
        print(f"search as you type (2 to 5 letters) p95: titles {figures['titles']:.1f} ms,"
              f" readers {figures['readers']:.1f} ms (≤ 30 ms)")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


def fingerprint_p95(url: str) -> float:
    """The other-desk watch's poll (ui/watch.py): one reader's fingerprint, p95 in ms."""
    from rozupe_desk.services import library
    from rozupe_desk.services.circulation import fingerprints
    from rozupe_desk.services.sql import all_rows

    library.open_library(url)
    readers = [r[0] for r in all_rows("SELECT id FROM patron ORDER BY id")][::97][:300]
    timings = []
    for reader in readers * 2:
        started = time.perf_counter()
        fingerprints.reader_fingerprint(patron_id=reader)
        timings.append(time.perf_counter() - started)
    return percentile(timings, 0.95) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--scale", default="branch")
    parser.add_argument("--desk", nargs=3)
    parser.add_argument("--keep", action="store_true", help="leave the built cluster running")
    parser.add_argument("--search", action="store_true",
                        help="search as you type over 1M titles and 100k readers only")
    args = parser.parse_args()
    if args.desk:
        desk(args.desk[2], int(args.desk[0]), args.desk[1])
        return 0
    if args.search:
        return search_scale(args.url)
    from bench_foundation import cold_start_seconds

    cluster = None
    url = args.url
    started = time.perf_counter()
    if url is None:
        from rozupe_desk.services import demo, library
        from tests.postgres_server import Cluster

        cluster = Cluster()
        url = cluster.fresh_database()
        library.open_library(url)
        summary = demo.fill_demo(scale=args.scale, seed=1)
        import psycopg

        # A server in service has long been vacuumed and analysed: millions of rows just
        # written in one transaction have no planner statistics and no hint bits yet.
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        print(f"built {args.scale}: {summary.patrons} readers, {summary.items} copies,"
              f" {summary.loans} loans in {time.perf_counter() - started:.0f} s on {url}"
              f" (cluster folder {cluster.folder})", flush=True)
    try:
        rows = []
        for desks in (1, 2, 4):
            figures = with_desks(url, desks)
            release_copies(url)
            ratio = figures["service_p95"] / figures["raw_p95"]
            ok = figures["service_p95"] <= 20 and ratio <= 3
            rows.append(f"| {desks} | {figures['scans']} | {figures['service_p50']:.1f} |"
                        f" {figures['service_p95']:.1f} | {figures['raw_p50']:.1f} |"
                        f" {figures['raw_p95']:.1f} | {ratio:.2f} | {'ok' if ok else 'OVER'} |")
            print(rows[-1], flush=True)
        searched = search_p95(url)
        polled = fingerprint_p95(url)
        # As the installed program starts: with its bytecode (this machine's environment sets
        # PYTHONDONTWRITEBYTECODE, which would compile every module at each start).
        compileall.compile_dir(ROOT / "rozupe_desk", quiet=1)
        starts = sorted(cold_start_seconds(url) for _ in range(3))
        print("\n| desks | service scans | service p50 ms | service p95 ms | raw p50 ms |"
              " raw p95 ms | p95 ratio | budget (≤ 20 ms, ≤ 3×) |")
        print("|---|---|---|---|---|---|---|---|")
        print("\n".join(rows))
        print(f"\nsearch as you type p95: readers {searched['readers']:.1f} ms,"
              f" titles {searched['titles']:.1f} ms (≤ 30 ms)")
        print(f"the other-desk watch's poll (a reader's fingerprint) p95: {polled:.2f} ms")
        print(f"window shown on the server URL, cold start (median of 3): {starts[1]:.2f} s"
              f" ({'ok' if starts[1] <= 2 else 'OVER'} ≤ 2 s)")
    finally:
        if cluster is not None and not args.keep:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
