"""One command for the province-scale benchmark.

    .venv/bin/python bench/run.py --size 50k --db postgres   # or: make bench
    .venv/bin/python bench/run.py --size 50k --db sqlite --no-http

Generates the data when missing (bench/generate.py), then measures each named
entry in this process with Django's test client, logged in as the province
office user (or the role an entry names): after warm-up, the median and p95
of the server time and the query count. Then the jobs, called as the worker
calls them and rolled back: the quarterly province report (beside python-docx
alone writing the same tables), the 5,000-row results import, the board's
XLSX of every task, the reminder sweep on the next working morning.

Over HTTP (skipped with --no-http or on SQLite): our app under gunicorn (2
workers, a free loopback port, the bench database) and, when it answers,
Debian's Redmine 5.0.4 from ../shared/anchors/redmine (started here as
www-data if it is installed but not running, stopped again at the end).
Equivalent pages are timed interleaved request by request and the ratio
ours / Redmine's is printed; then requests per second on the board under 8
concurrent clients, bounded in count and time.

Results are printed and written to bench/out/results-<db>-<size>-<time>.txt.
"""

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import env  # noqa: E402

WARMUP = 3
RUNS = 30
SLOW_RUNS = 5  # imports and whole-list jobs: a few runs are enough
RPS_CLIENTS = 8
RPS_SECONDS = 15
RPS_MAX_REQUESTS = 2_000
REDMINE_URL = os.environ.get("REDMINE_URL", "http://127.0.0.1:3000")
REDMINE_PROJECT = "anchor"
NA = "n/a on this build"


@dataclass
class Result:
    name: str
    target: str
    times: list[float] = field(default_factory=list)  # ms
    queries: list[int] = field(default_factory=list)
    note: str = ""
    limit_ms: float | None = None  # median target, when the target is a time

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]

    def verdict(self) -> str:
        if self.note:
            return self.note
        missed = []
        if self.limit_ms is not None and self.median > self.limit_ms:
            missed.append("median")
        if len(self.times) >= 10 and self.p95 > 2 * self.median:
            missed.append("p95 > 2× median")
        if missed:
            return "MISSED: " + ", ".join(missed)
        # Targets against Redmine are judged in the HTTP table.
        return "ok" if self.limit_ms is not None else "recorded"


# --- what exists on this build ----------------------------------------------


def url_exists(name: str) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name)
    except NoReverseMatch as error:
        # The name exists but wants arguments: it is there.
        return "with no arguments not found" in str(error) or "with arguments" in str(error)
    return True


# --- the bench's fixtures ---------------------------------------------------


@dataclass
class Fixtures:
    office: object
    unit_head: object
    leader: object
    staff: object
    agency: object
    office_unit_pk: int
    history_task_pk: int
    large_assessment_pk: int
    export_deadline: str  # dd/mm/yyyy: open tasks due by then ≈ Redmine's 500-row CSV
    feed_path: str  # the personal feed of the staff member carrying 2,000 tasks
    feed_tasks: int


def load_fixtures() -> Fixtures:
    from generate import FIXTURES

    from tracker.models import OPEN_STATUSES, Assessment, Role, Task, User

    office = User.objects.get(username=FIXTURES["office"])
    head = User.objects.select_related("unit").get(username=FIXTURES["unit_head"])
    leader = User.objects.get(username="ld_s02")
    staff = User.objects.filter(unit=head.unit, role=Role.STAFF).first()
    task = Task.objects.get(title=FIXTURES["history_task_title"])
    assessment = (
        Assessment.objects.filter(unit__code=FIXTURES["large_agency"])
        .order_by("-criteria_set__year")
        .first()
    )
    open_deadlines = Task.objects.filter(status__in=OPEN_STATUSES, deadline__isnull=False).order_by(
        "deadline"
    )
    cutoff = open_deadlines.values_list("deadline", flat=True)[499]
    from notifications.feeds import feed_tasks

    feed_user = User.objects.get(username=FIXTURES["feed_person"])
    return Fixtures(
        office=office,
        unit_head=head,
        leader=leader,
        staff=staff,
        agency=office.unit.agency,
        office_unit_pk=head.unit_id,
        history_task_pk=task.pk,
        large_assessment_pk=assessment.pk,
        export_deadline=cutoff.strftime("%d/%m/%Y"),
        feed_path=_feed_path(feed_user),
        feed_tasks=feed_tasks(feed_user).count(),
    )


def _feed_path(user) -> str:
    from django.urls import reverse

    from notifications.services import feed_token_create

    return reverse("feeds:personal", args=[feed_token_create(user=user)])


# --- entries ----------------------------------------------------------------


@dataclass
class Page:
    """A GET in-process as `user`; `url` is built once the fixtures are known."""

    name: str
    url_name: str
    url: Callable[[Fixtures], str]
    user: str = "office"
    target: str = "median ≤ {limit} ms, p95 ≤ 2× median"
    limit: Callable[[int], float] | None = None
    runs: int = RUNS


def list_limit(n_tasks: int) -> float:
    return 50 if n_tasks <= 50_000 else 100


def _rev(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


PAGES = [
    Page(
        "board, page 1 by deadline",
        "tasks:board",
        lambda f: _rev("tasks:board"),
        limit=list_limit,
    ),
    Page(
        "board, unit + overdue",
        "tasks:board",
        lambda f: _rev("tasks:board") + f"?lead_unit={f.office_unit_pk}&overdue=true",
        limit=list_limit,
    ),
    Page(
        "unit head's list",
        "tasks:my_unit",
        lambda f: _rev("tasks:my_unit"),
        "unit_head",
        limit=list_limit,
    ),
    Page("home / dashboard: office", "home", lambda f: _rev("home"), limit=list_limit),
    Page(
        "home / dashboard: leadership", "home", lambda f: _rev("home"), "leader", limit=list_limit
    ),
    Page(
        "home / dashboard: unit head", "home", lambda f: _rev("home"), "unit_head", limit=list_limit
    ),
    Page("home / dashboard: staff", "home", lambda f: _rev("home"), "staff", limit=list_limit),
    Page(
        "task page, 50 history entries",
        "tasks:detail",
        lambda f: _rev("tasks:detail", f.history_task_pk),
        target="≤ 0.5× Redmine's issue page (HTTP table)",
    ),
    Page(
        "lost points, agency with 3,000 tasks",
        "assessments:lost_points",
        lambda f: _rev("assessments:lost_points", f.large_assessment_pk),
        limit=lambda n: 100,
        target="median ≤ {limit} ms",
    ),
    Page(
        "calendar feed, {feed_tasks:,} tasks",
        "feeds:personal",
        lambda f: f.feed_path,
        limit=lambda n: 100,
        target="median ≤ {limit} ms",
    ),
    Page(
        "board CSV, 500 rows",
        "tasks:board",
        lambda f: _rev("tasks:board") + f"?status=open&deadline_to={f.export_deadline}&_export=csv",
        target="per row; ≤ Redmine's CSV (HTTP table)",
        runs=10,
    ),
    Page(
        "board XLSX, 500 rows",
        "tasks:board",
        lambda f: (
            _rev("tasks:board") + f"?status=open&deadline_to={f.export_deadline}&_export=xlsx"
        ),
        target="per row",
        runs=10,
    ),
]


def measure_page(page: Page, fixtures: Fixtures, n_tasks: int) -> Result:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    limit = page.limit(n_tasks) if page.limit else None
    result = Result(
        page.name.format(feed_tasks=fixtures.feed_tasks),
        page.target.format(limit=limit and int(limit)),
        limit_ms=limit,
    )
    if not url_exists(page.url_name):
        result.note = NA
        return result
    client = Client()
    client.force_login(getattr(fixtures, page.user))
    url = page.url(fixtures)
    for _ in range(WARMUP):
        response = client.get(url)
        if response.status_code != 200:
            result.note = f"HTTP {response.status_code} on {url}"
            return result
    for _ in range(page.runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            b"".join(response) if response.streaming else response.content
            result.times.append((time.perf_counter() - started) * 1000)
        result.queries.append(len(queries))
    if "_export" in url:
        body = b"".join(response) if response.streaming else response.content
        rows = body.count(b"\n") - 1 if "csv" in url else None
        if rows:
            result.note = ""
            result.target = f"{result.median / rows:.3f} ms per row ({rows} rows)"
    return result


def measure_import() -> Result:
    """The 5,000-row results import, rolled back after each run."""
    from django.db import transaction
    from import_results import workbook

    from tracker.models import Unit
    from tracker.services.results import results_import_file

    result = Result("results import, 5,000 rows", "< 3 s", limit_ms=3000)
    content = workbook(5_000)
    unit = Unit.objects.get(code="S05")
    for run in range(WARMUP - 2 + SLOW_RUNS):
        with transaction.atomic():
            started = time.perf_counter()
            results_import_file(
                unit=unit, index_code="PAR", year=2030 + run, content=content, keep_file=False
            )
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
        if run:
            result.times.append(elapsed)
    return result


def measure_reminders() -> Result:
    """The 08:00 sweep over every open task, twice on the same morning (the
    second finds everything recorded), rolled back; with the growth of the
    process's peak memory."""
    import resource

    from django.db import transaction
    from django.utils import timezone

    from notifications.services import reminders_send as sweep
    from notifications.workdays import work_calendar

    result = Result("reminder sweep, all open tasks", "< 30 s, flat memory", limit_ms=30_000)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # The next working morning at 08:00, as the schedule runs it: on a day off
    # the sweep does nothing.
    day = timezone.localdate()
    while not work_calendar(around=day).is_working_day(day):
        day += timedelta(days=1)
    now = timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=8)))
    result.target += f" (as of {now:%d/%m/%Y %H:%M})"
    for _ in range(2):
        with transaction.atomic():
            started = time.perf_counter()
            sweep(now=now)
            result.times.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    result.target += f"; peak memory +{grown:.0f} MB"
    return result


def measure_export_job(fixtures: Fixtures) -> Result:
    """The board's XLSX over every task as the worker writes it (bench/exports.py),
    rolled back: time, the process's peak memory growth, Python's own peak."""
    from exports import run_job

    result = Result("board XLSX, every task, as a job", "< 30 s, flat memory", limit_ms=30_000)
    plain = run_job(fixtures.office, query="", traced=False)
    traced = run_job(fixtures.office, query="", traced=True)
    result.times.append(plain["seconds"] * 1000)
    result.target += (
        f"; {plain['rows']:,} rows, {plain['file_mb']:.1f} MB, peak memory "
        f"+{plain['rss_growth_mb']:.0f} MB (Python's own peak {traced['python_peak_mb']:.1f} MB)"
    )
    return result


def measure_report(fixtures: Fixtures) -> list[Result]:
    """The province's quarterly report (last quarter), and python-docx alone
    writing the same tables cell by cell: the report must stay within 1.5× of it."""
    import io

    from django.utils import timezone
    from docx import Document

    from tracker.models import ReportKind
    from tracker.services.reports import build_document, report_parameters

    province = fixtures.agency
    now = timezone.now()
    today = timezone.localdate(now)
    quarter, year = (today.month - 1) // 3, today.year
    if quarter == 0:
        quarter, year = 4, year - 1
    parameters = report_parameters(kind=ReportKind.QUARTERLY, unit=province, user=fixtures.office)

    def build():
        return build_document(
            kind=ReportKind.QUARTERLY,
            unit=province,
            year=year,
            quarter=quarter,
            parameters=parameters,
            now=now,
        ).content

    report = Result(f"quarterly report, province, Q{quarter}/{year}", "< 5 s", limit_ms=5_000)
    bare = Result("  python-docx alone, same tables", "the report ≤ 1.5× this")
    content = build()
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(io.BytesIO(content)).tables
    ]

    def write_bare():
        document = Document()
        for rows in tables:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for cells, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(cells.cells, values, strict=True):
                    cell.text = value
        document.save(io.BytesIO())

    for _ in range(SLOW_RUNS):
        for result, job in ((report, build), (bare, write_bare)):
            started = time.perf_counter()
            job()
            result.times.append((time.perf_counter() - started) * 1000)
    cells = sum(len(rows) * len(rows[0]) for rows in tables)
    ratio = report.median / bare.median
    bare.target = f"{len(tables)} tables, {cells} cells; report / this = {ratio:.2f} (≤ 1.5)"
    bare.note = "ok" if ratio <= 1.5 else "MISSED: report > 1.5× python-docx alone"
    return [report, bare]


# --- HTTP: gunicorn, Redmine, interleaved pairs, requests per second --------


def free_port(start: int = 8100) -> int:
    for port in range(start, start + 200):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port on loopback")


def http_get(base: str, path: str, cookie: str = "") -> tuple[int, float, bytes]:
    """One request on a new connection (as curl does): status, ms, body."""
    host, port = base.split("//", 1)[1].split(":")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {"Cookie": cookie} if cookie else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return response.status, elapsed, body


def answers(base: str, path: str = "/") -> bool:
    try:
        return http_get(base, path)[0] in (200, 302)
    except OSError:
        return False


@contextlib.contextmanager
def gunicorn(db: str, size: str):
    port = free_port()
    command = [
        str(env.ROOT / ".venv" / "bin" / "gunicorn"),
        "tracker.wsgi:application",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(
        command, cwd=env.ROOT, env={**os.environ, **env.server_env(db, size)}
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            if answers(base, "/dang-nhap/"):
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("gunicorn did not answer within 30 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextlib.contextmanager
def redmine():
    """Redmine's base URL if it answers (started here when installed), else None."""
    base = REDMINE_URL
    if answers(base):
        yield base
        return
    if os.geteuid() != 0 or not Path("/usr/share/redmine").is_dir():
        yield None
        return
    bundler = sorted(Path("/usr/share/rubygems-integration/all/specifications").glob("bundler-*"))
    version = bundler[-1].name.removeprefix("bundler-").removesuffix(".gemspec")
    port = base.rsplit(":", 1)[1]
    state = Path("/var/lib/redmine-anchor")
    command = [
        "setpriv", "--reuid=www-data", "--regid=www-data", "--init-groups",
        "env", "-i", "-C", "/usr/share/redmine", "PATH=/usr/local/bin:/usr/bin:/bin",
        f"HOME={state}/home", "LANG=C.UTF-8", "RAILS_ENV=production",
        "REDMINE_INSTANCE=default", f"BUNDLER_VERSION={version}",
        "bundle", "exec", "puma", "-e", "production", "-b", f"tcp://127.0.0.1:{port}",
        "-t", "5:5", "config.ru",
    ]  # fmt: skip
    log = open(env.OUT / "redmine-puma.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        for _ in range(120):
            if answers(base):
                break
            if process.poll() is not None:
                break
            time.sleep(1)
        yield base if answers(base) else None
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        log.close()


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def redmine_ids(base: str) -> tuple[str, str]:
    """The user and issue the anchor script uses (anchor_user001, the middle issue)."""
    import psycopg

    with psycopg.connect(f"{env.PG_ADMIN_URL}/redmine_default") as conn:
        user = conn.execute("SELECT id FROM users WHERE login = 'anchor_user001'").fetchone()[0]
        issue = conn.execute(
            "SELECT i.id FROM issues i JOIN projects p ON p.id = i.project_id "
            "WHERE p.identifier = %s ORDER BY i.id OFFSET 25000 LIMIT 1",
            [REDMINE_PROJECT],
        ).fetchone()[0]
    return str(user), str(issue)


def http_pairs(ours: str, theirs: str | None, fixtures: Fixtures) -> list[dict]:
    """Equivalent pages, interleaved request by request."""
    from django.urls import reverse

    cookie = session_cookie(fixtures.office)
    board = reverse("tasks:board")
    project = f"/projects/{REDMINE_PROJECT}/issues"
    user_id, issue_id = redmine_ids(theirs) if theirs else ("0", "0")
    filtered = (
        "set_filter=1&f[]=status_id&op[status_id]=o&f[]=assigned_to_id"
        f"&op[assigned_to_id]=%3D&v[assigned_to_id][]={user_id}"
    )
    pairs = [
        ("list by due date ↔ board", board, f"{project}?per_page=25&sort=due_date", 0.33),
        (
            "filtered list ↔ board unit + overdue",
            f"{board}?lead_unit={fixtures.office_unit_pk}&overdue=true",
            f"{project}?{filtered}&per_page=25&sort=due_date",
            0.33,
        ),
        (
            "issue ↔ task (50 history entries)",
            reverse("tasks:detail", args=[fixtures.history_task_pk]),
            f"/issues/{issue_id}",
            0.5,
        ),
        (
            "CSV 500 rows ↔ board CSV, same rows",
            f"{board}?status=open&deadline_to={fixtures.export_deadline}&_export=csv",
            f"{project}.csv?sort=due_date",
            0.33,
        ),
    ]
    pairs.append(
        (
            "calendar ↔ feed",
            fixtures.feed_path,
            f"/projects/{REDMINE_PROJECT}/issues/calendar",
            0.33,
        )
    )
    rows = []
    for name, our_path, their_path, limit in pairs:
        row = {"name": name, "ours": [], "theirs": [], "limit": limit, "note": ""}
        for _ in range(WARMUP):
            http_get(ours, our_path, cookie)
            if theirs:
                http_get(theirs, their_path)
        for _ in range(RUNS):
            status, ms, _body = http_get(ours, our_path, cookie)
            if status != 200:
                row["note"] = f"ours: HTTP {status}"
            row["ours"].append(ms)
            if theirs:
                status, ms, _body = http_get(theirs, their_path)
                if status != 200:
                    row["note"] = f"Redmine: HTTP {status}"
                row["theirs"].append(ms)
        rows.append(row)
    return rows


def requests_per_second(base: str, fixtures: Fixtures) -> dict:
    """The board under RPS_CLIENTS concurrent clients, bounded in time and count."""
    from django.urls import reverse

    cookie = session_cookie(fixtures.office)
    path = reverse("tasks:board")
    deadline = time.monotonic() + RPS_SECONDS
    lock = threading.Lock()
    done = {"ok": 0, "failed": 0, "times": []}

    def client():
        while time.monotonic() < deadline:
            with lock:
                if done["ok"] + done["failed"] >= RPS_MAX_REQUESTS:
                    return
            status, ms, _body = http_get(base, path, cookie)
            with lock:
                done["ok" if status == 200 else "failed"] += 1
                done["times"].append(ms)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(RPS_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "rps": done["ok"] / elapsed,
        "requests": done["ok"],
        "failed": done["failed"],
        "seconds": elapsed,
        "median_ms": statistics.median(done["times"]) if done["times"] else 0,
    }


# --- output -----------------------------------------------------------------


def table(results: list[Result]) -> list[str]:
    lines = [
        f"{'entry':40} {'median ms':>10} {'p95 ms':>9} {'queries':>8}  target → verdict",
        "-" * 110,
    ]
    for r in results:
        if r.times:
            queries = (
                str(r.queries[0])
                if r.queries and len(set(r.queries)) == 1
                else f"{min(r.queries)}–{max(r.queries)}"
                if r.queries
                else "–"
            )
            figures = f"{r.median:10.1f} {r.p95:9.1f} {queries:>8}"
            lines.append(f"{r.name:40} {figures}  {r.target} → {r.verdict()}")
        else:
            lines.append(f"{r.name:40} {'–':>10} {'–':>9} {'–':>8}  {r.target} → {r.verdict()}")
    return lines


def pair_table(rows: list[dict]) -> list[str]:
    lines = [
        f"{'ours ↔ Redmine (HTTP, interleaved)':40} {'ours med/p95':>16} {'Redmine med/p95':>17}"
        f" {'ratio':>6}  target → verdict",
        "-" * 110,
    ]
    for row in rows:
        if row["note"] and not row["ours"]:
            lines.append(f"{row['name']:40} {'–':>16} {'–':>17} {'–':>6}  {row['note']}")
            continue
        ours = f"{statistics.median(row['ours']):.1f}/{_p95(row['ours']):.1f}"
        if row["theirs"]:
            theirs = f"{statistics.median(row['theirs']):.1f}/{_p95(row['theirs']):.1f}"
            ratio = statistics.median(row["ours"]) / statistics.median(row["theirs"])
            verdict = "ok" if ratio <= row["limit"] else "MISSED"
            lines.append(
                f"{row['name']:40} {ours:>16} {theirs:>17} {ratio:6.2f}  ≤ {row['limit']}"
                f" → {verdict} {row['note']}"
            )
        else:
            lines.append(f"{row['name']:40} {ours:>16} {'no Redmine':>17} {'–':>6}")
    return lines


def _p95(times):
    ordered = sorted(times)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=env.SIZES, default="50k")
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--no-http", action="store_true", help="skip gunicorn and Redmine")
    parser.add_argument("--only", help="measure only entries whose name contains this")
    parser.add_argument(
        "--no-jobs", action="store_true", help="pages only: no import, report, export or sweep"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    env.setup(args.db, args.size)

    from django.core.management import call_command
    from generate import generate

    n_tasks = env.SIZES[args.size]
    generate(n_tasks)
    if not (env.ROOT / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    if args.db == "postgres":
        # Dead rows left by an earlier run's rolled-back jobs (the sweep writes
        # tens of thousands) would otherwise weigh on the next pages' indexes.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    fixtures = load_fixtures()
    header = [
        f"bench {args.size} on {args.db}  {datetime.now(UTC):%Y-%m-%d %H:%M UTC}"
        f"  nproc={os.cpu_count()}  tasks={n_tasks}",
        f"in-process (Django test client, logged in), {WARMUP} warm-ups, {RUNS} runs per page",
        "",
    ]
    print("\n".join(header), flush=True)
    results = []
    for page in PAGES:
        if args.only and args.only not in page.name:
            continue
        results.append(measure_page(page, fixtures, n_tasks))
        print(table([results[-1]])[-1], flush=True)
    jobs = not args.no_jobs
    if jobs and (not args.only or args.only in "results import"):
        results.append(measure_import())
    if jobs and (not args.only or args.only in "quarterly report"):
        results.extend(measure_report(fixtures))
    if jobs and not args.only:
        results.append(measure_export_job(fixtures))
        results.append(measure_reminders())
    lines = header + table(results)
    if not args.no_http and args.db == "postgres" and not args.only:
        with gunicorn(args.db, args.size) as ours, redmine() as theirs:
            pairs = http_pairs(ours, theirs, fixtures)
            rps = requests_per_second(ours, fixtures)
        lines += ["", *pair_table(pairs), ""]
        lines.append(
            f"board under {RPS_CLIENTS} concurrent clients, gunicorn 2 workers: "
            f"{rps['rps']:.1f} requests/s ({rps['requests']} in {rps['seconds']:.1f} s, "
            f"median {rps['median_ms']:.0f} ms, {rps['failed']} failed)"
        )
        if theirs is None:
            lines.append(f"Redmine did not answer at {REDMINE_URL}: no ratios.")
    text = "\n".join(lines)
    print("\n" + text)
    env.OUT.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (env.OUT / f"results-{args.db}-{args.size}-{stamp}.txt").write_text(text + "\n")
    (env.OUT / f"results-{args.db}-{args.size}-{stamp}.json").write_text(
        json.dumps([r.__dict__ for r in results], default=str, indent=1)
    )


if __name__ == "__main__":
    main()
