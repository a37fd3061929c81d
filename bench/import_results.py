"""Time the results import on large workbooks (issue 3: 5,000 rows "in seconds").

    .venv/bin/python bench/import_results.py            # a throw-away SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/import_results.py

Generates a 5,000-row and a 50,000-row workbook (10 areas, criteria and
sub-criteria with codes 1, 1.2, 1.2.3, maxima and both scores) and runs the
same service the page and `manage.py import_results` use, three times each on
a year of its own so every run creates its criteria set, criteria and scores.
Prints the median of the three and the time spent reading the file alone.
Without DATABASE_URL it works on a fresh SQLite file in a temporary folder and
never touches the project's database.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (5_000, 50_000)
RUNS = 3


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kết quả")
    sheet.append(["KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"])
    sheet.append([])
    sheet.append(["STT", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định"])
    areas, criteria = 10, rows // 100
    # Enough sub-criteria to reach `rows`; the last criterion is cut short.
    subs = max(-(-(rows - areas - areas * criteria) // (areas * criteria)), 1)
    written = 0
    for area in range(1, areas + 1):
        for line in _area(area, criteria, subs):
            if written == rows:
                break
            sheet.append(line)
            written += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _area(area: int, criteria: int, subs: int):
    yield [str(area), f"Lĩnh vực {area}", criteria * subs, criteria * subs, criteria * subs * 0.75]
    for criterion in range(1, criteria + 1):
        code = f"{area}.{criterion}"
        yield [code, f"Tiêu chí {code}", subs, subs, subs * 0.75]
        for sub in range(1, subs + 1):
            yield [f"{code}.{sub}", f"Tiêu chí thành phần {code}.{sub}", 1, 1, 0.75]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ["MEDIA_ROOT"] = scratch.name

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tracker.models import Unit, UnitKind
    from tracker.services.results import results_import_file
    from tracker.services.results_import import read_results

    call_command("migrate", verbosity=0)
    unit, _ = Unit.objects.get_or_create(
        code="BENCH", defaults={"name": "Đơn vị đo hiệu năng", "kind": UnitKind.DEPARTMENT}
    )
    print(f"database: {connection.vendor}")
    for size, rows in enumerate(SIZES):
        content = workbook(rows)
        started = time.perf_counter()
        parsed = len(read_results(content, "bench.xlsx").rows)
        reading = time.perf_counter() - started
        timings = []
        for run in range(RUNS):
            year = 1900 + size * RUNS + run
            started = time.perf_counter()
            results_import_file(
                unit=unit, index_code="PAR", year=year, content=content, filename="bench.xlsx"
            )
            timings.append(time.perf_counter() - started)
        print(
            f"{parsed:>6} rows ({len(content) / 2**20:.1f} MB): import median "
            f"{statistics.median(timings):.2f} s of {', '.join(f'{t:.2f}' for t in timings)}"
            f" (reading and checking the file alone {reading:.2f} s)"
        )
    scratch.cleanup()


if __name__ == "__main__":
    main()
