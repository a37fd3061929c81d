"""A unit's progress report: the quarterly report for one unit, with each of
its tasks and its latest progress, in the Decree 30 format."""

from collections.abc import Sequence
from datetime import datetime

from tracker.reports.format import (
    Column,
    Letterhead,
    Signature,
    closing,
    data_table,
    document_bytes,
    header_block,
    heading,
    new_document,
    paragraph,
    recipients_line,
    short_date,
    title,
)
from tracker.reports.quarterly import directives_section, overdue_section, progress_note
from tracker.reports.sections import buckets_section, results_section
from tracker.selectors.progress import ProgressFigures, bucket_label

TASK_COLUMNS = [
    Column("TT", 1.1, "center"),
    Column("Nhiệm vụ", 5.0),
    Column("Hạn", 2.5, "center"),
    Column("Tình hình thực hiện", 3.0),
    Column("Tiến độ, ghi chú gần nhất", 3.9),
]


def tasks_section(document, figures: ProgressFigures, *, numeral: str) -> None:
    heading(document, f"{numeral}. Tiến độ từng nhiệm vụ", level=2)
    if not figures.tasks:
        paragraph(
            document,
            f"Đơn vị không có nhiệm vụ đến hạn hoặc thực hiện thường xuyên trong "
            f"{figures.period.label}.",
        )
        return
    rows = [
        [
            position,
            row.title,
            short_date(row.deadline) if row.deadline else "Thường xuyên",
            bucket_label(row.bucket),
            progress_note(row.percent_complete, row.note, row.note_at),
        ]
        for position, row in enumerate(figures.tasks, start=1)
    ]
    data_table(document, TASK_COLUMNS, rows)


def build_unit_report(
    *,
    figures: ProgressFigures,
    letterhead: Letterhead,
    signature: Signature,
    addressee: str,
    copies: Sequence[str],
    now: datetime,
) -> bytes:
    """The unit's report from `figures` (built `with_tasks`), dated `now`."""
    subject = figures.unit_name
    label = figures.period.label
    summary = f"Tiến độ thực hiện nhiệm vụ khắc phục Chỉ số CCHC {label}"
    document = new_document()
    header_block(document, letterhead, day=now.date())
    title(document, "Báo cáo", summary)
    if addressee:
        recipients_line(document, [addressee])
    paragraph(
        document,
        f"{subject} báo cáo tiến độ thực hiện các nhiệm vụ khắc phục Chỉ số CCHC được giao "
        f"chủ trì trong {label} như sau:",
    )
    results_section(
        document,
        figures,
        numeral="I",
        subject=figures.result.unit_name if figures.result else subject,
    )
    heading(document, f"II. Kết quả thực hiện nhiệm vụ {label}")
    heading(document, "1. Tình hình chung", level=2)
    buckets_section(document, figures, subject=subject)
    tasks_section(document, figures, numeral="2")
    overdue_section(document, figures, numeral="3")
    directives_section(document, figures, numeral="4")
    heading(document, "III. Đề xuất, kiến nghị")
    paragraph(
        document,
        "Đơn vị tiếp tục thực hiện các nhiệm vụ được giao; nhiệm vụ cần điều chỉnh thời hạn "
        "sẽ được đề nghị gia hạn để lãnh đạo xem xét.",
    )
    paragraph(document, f"Trên đây là báo cáo tiến độ {label} của {subject}./.")
    closing(document, recipients=copies, signature=signature)
    return document_bytes(document, when=now, title_text=summary, author=subject)
