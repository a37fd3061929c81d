"""Time the task-list exports on the province-scale bench data.

    .venv/bin/python bench/exports.py [--size 50k] [--runs 10]

Needs the PostgreSQL bench database (`bench/generate.py --size 50k --db
postgres`). Logged in as `bench_office`, whose deadline board covers every task:

(a) the board's CSV and XLSX of the open tasks due first (about 500 rows, as
    Redmine's 500-row CSV; `?status=open&deadline_to=<date>&_export=csv`),
    in-process through the test client: 3 warm-ups, then median and p95 of
    `--runs` requests, ms per row and queries;
(b) the background job, `tracker.tasks.build_export`, over every task of the
    board to XLSX, then over about a fifth of them: wall and CPU time, the
    process's peak RSS growth (untraced run) and the peak of Python's own
    allocations (tracemalloc, a second run). Each run is inside a
    transaction rolled back afterwards, its file deleted; the exports table
    is created inside it when the bench database predates it.

The job runs first, on a fresh process, so that the RSS growth is its own.
"""

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import env  # noqa: E402  (bench/ is not a package)

WARMUP = 3


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered) + 0.5) - 1)]


def run_job(office, *, query: str, traced: bool) -> dict:
    """The job over the board as `query` filters it, rolled back."""
    from django.db import connection, transaction

    from tracker.models import ExportFile
    from tracker.tasks import build_export

    with transaction.atomic():
        if ExportFile._meta.db_table not in connection.introspection.table_names():
            with connection.schema_editor() as editor:
                editor.create_model(ExportFile)
        export = ExportFile.objects.create(
            owner=office, kind="board", file_format="xlsx", query=query
        )
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if traced:
            tracemalloc.start()
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            build_export(export.pk)
            result = {
                "seconds": time.perf_counter() - wall,
                "cpu": time.process_time() - cpu,
                "rss_growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before)
                / 1024,
            }
            if traced:
                result["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            export.refresh_from_db()
            result.update(
                status=export.status, rows=export.rows, file_mb=export.file.size / 1024 / 1024
            )
        finally:
            if traced:
                tracemalloc.stop()
            export.refresh_from_db()
            export.file.delete(save=False)
            transaction.set_rollback(True)
    return result


def measure_page(client, url: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        response = client.get(url)
        assert response.status_code == 200, (response.status_code, url)
    times, queries = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    return {
        "median": statistics.median(times),
        "p95": _percentile(times, 0.95),
        "queries": max(queries),
        "content": response.content,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="50k", choices=sorted(env.SIZES))
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env.setup("postgres", args.size)

    from django.test import Client
    from django.urls import reverse

    from tracker.models import OPEN_STATUSES, Task, User

    office = User.objects.get(username="bench_office")
    tasks = Task.objects.count()
    by_deadline = Task.objects.filter(deadline__isnull=False).order_by("deadline")
    fifth = by_deadline.values_list("deadline", flat=True)[tasks // 5]

    print(f"{tasks:,} tasks; the job over the whole board, then up to {fifth:%d/%m/%Y}:")
    for label, query in (("all", ""), ("a fifth", f"deadline_to={fifth:%d/%m/%Y}")):
        plain = run_job(office, query=query, traced=False)
        traced = run_job(office, query=query, traced=True)
        print(
            f"  job XLSX, {label}: {plain['rows']:,} rows ({plain['status']}), "
            f"{plain['seconds']:.1f} s ({plain['cpu']:.1f} s CPU), "
            f"{plain['seconds'] * 1000 / max(plain['rows'], 1):.3f} ms a row, "
            f"file {plain['file_mb']:.1f} MB; peak RSS growth {plain['rss_growth_mb']:.0f} MB, "
            f"Python peak {traced['python_peak_mb']:.1f} MB (traced run {traced['seconds']:.1f} s)"
        )

    cutoff = by_deadline.filter(status__in=OPEN_STATUSES).values_list("deadline", flat=True)[499]
    client = Client()
    client.force_login(office)
    board = reverse("tasks:board")
    print(f"Board export, open tasks due by {cutoff:%d/%m/%Y}, {args.runs} runs:")
    rows = None
    for export_format in ("csv", "xlsx"):
        url = f"{board}?status=open&deadline_to={cutoff:%d/%m/%Y}&_export={export_format}"
        result = measure_page(client, url, args.runs)
        if export_format == "csv":
            rows = result["content"].count(b"\r\n") - 2
        print(
            f"  {export_format.upper()}: median {result['median']:.1f} ms "
            f"(p95 {result['p95']:.1f}), {result['median'] / rows:.3f} ms a row "
            f"({rows} rows), {result['queries']} queries"
        )


if __name__ == "__main__":
    main()
