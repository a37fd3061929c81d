"""The urging letter (công văn đôn đốc) to the units with overdue tasks, each
unit's overdue tasks listed, in the Decree 30 format."""

from collections.abc import Sequence
from datetime import date, datetime
from itertools import groupby

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
    number,
    paragraph,
    recipients_line,
    short_date,
)
from tracker.reports.quarterly import progress_note
from tracker.selectors.progress import ProgressFigures

SUBJECT = "V/v đôn đốc thực hiện nhiệm vụ khắc phục Chỉ số CCHC quá hạn"
TASK_COLUMNS = [
    Column("TT", 1.1, "center"),
    Column("Nhiệm vụ", 5.8),
    Column("Hạn", 2.5, "center"),
    Column("Số ngày quá hạn", 1.7, "center"),
    Column("Tiến độ, ghi chú gần nhất", 4.4),
]


class NothingToUrge(ValueError):
    """No task is overdue: there is no one to write to."""


def build_urging_letter(
    *,
    figures: ProgressFigures,
    letterhead: Letterhead,
    signature: Signature,
    reply_by: date,
    copies: Sequence[str],
    now: datetime,
) -> bytes:
    """A công văn to every unit with an overdue task, listing each one's tasks;
    raises NothingToUrge when none is overdue."""
    if not figures.overdue:
        raise NothingToUrge(
            f"Đến ngày {short_date(figures.today)}, {figures.unit_name} không có nhiệm vụ nào "
            f"quá hạn có hạn đến hết {figures.period.label}: không có đơn vị nào cần đôn đốc."
        )
    by_unit = [
        (unit_name, list(rows))
        for unit_name, rows in groupby(figures.overdue, key=lambda row: row.unit_name)
    ]
    document = new_document()
    header_block(document, letterhead, day=now.date())
    recipients_line(document, [unit_name for unit_name, _rows in by_unit])
    paragraph(
        document,
        f"Theo dõi tiến độ thực hiện nhiệm vụ khắc phục các tiêu chí bị trừ điểm trong Chỉ số "
        f"cải cách hành chính năm {figures.period.year - 1} và các nội dung chỉ đạo của lãnh "
        f"đạo, đến ngày {short_date(figures.today)} còn {number(len(figures.overdue))} nhiệm "
        f"vụ chưa hoàn thành đã quá hạn tại {len(by_unit)} đơn vị, cụ thể như sau:",
    )
    for position, (unit_name, rows) in enumerate(by_unit, start=1):
        heading(document, f"{position}. {unit_name} ({len(rows)} nhiệm vụ)", level=2)
        data_table(
            document,
            TASK_COLUMNS,
            [
                [
                    index,
                    row.title,
                    short_date(row.deadline),
                    number(row.days_overdue),
                    progress_note(row.percent_complete, row.note, row.note_at),
                ]
                for index, row in enumerate(rows, start=1)
            ],
        )
    paragraph(
        document,
        f"Để bảo đảm kết quả Chỉ số CCHC năm {figures.period.year}, {figures.unit_name} đề nghị "
        f"các đơn vị khẩn trương hoàn thành các nhiệm vụ nêu trên, cập nhật tiến độ và minh "
        f"chứng trên hệ thống, báo cáo kết quả trước ngày {short_date(reply_by)}; trường hợp "
        "cần điều chỉnh thời hạn, đơn vị gửi đề nghị gia hạn nêu rõ lý do để lãnh đạo xem xét.",
    )
    paragraph(document, "Đề nghị các đơn vị nghiêm túc thực hiện./.")
    closing(document, recipients=copies, signature=signature)
    return document_bytes(document, when=now, title_text=SUBJECT, author=figures.unit_name)
