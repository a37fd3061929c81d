"""The quarterly progress report on remediation (Báo cáo tiến độ thực hiện nhiệm
vụ khắc phục Chỉ số CCHC, quý N/YYYY) of an agency, in the Decree 30 format."""

from collections.abc import Sequence
from datetime import datetime

from tracker.reports.format import (
    Column,
    Letterhead,
    Signature,
    caption,
    closing,
    data_table,
    document_bytes,
    header_block,
    heading,
    new_document,
    number,
    paragraph,
    percent,
    recipients_line,
    short_date,
    title,
)
from tracker.reports.sections import buckets_section, results_section
from tracker.selectors.progress import ProgressFigures

# A report is signed and filed: beyond this many overdue tasks it lists the
# longest overdue and says where the rest are (a province has thousands).
OVERDUE_LISTED = 200
UNIT_COLUMNS = [
    Column("TT", 1.1, "center"),
    Column("Đơn vị chủ trì", 4.2),
    Column("Số nhiệm vụ", 1.6, "center"),
    Column("Đúng hạn", 1.6, "center"),
    Column("Quá hạn đã xong", 1.6, "center"),
    Column("Trong hạn", 1.6, "center"),
    Column("Quá hạn chưa xong", 1.6, "center"),
    Column("Tỷ lệ hoàn thành (%)", 2.2, "center"),
]
OVERDUE_COLUMNS = [
    Column("TT", 1.1, "center"),
    Column("Nhiệm vụ", 4.6),
    Column("Đơn vị chủ trì", 2.9),
    Column("Hạn", 2.5, "center"),
    Column("Số ngày quá hạn", 1.6, "center"),
    Column("Tiến độ, ghi chú gần nhất", 2.8),
]
DIRECTIVE_COLUMNS = [
    Column("TT", 1.1, "center"),
    Column("Nội dung chỉ đạo", 6.4),
    Column("Đơn vị thực hiện", 3.2),
    Column("Tiến độ gần nhất", 4.8),
]
RECOVERY_COLUMNS = [
    Column("TT", 1.1, "center"),
    Column("Tiêu chí", 7.6),
    Column("Điểm bị trừ năm trước", 2.3, "center"),
    Column("Điểm bị trừ năm nay", 2.3, "center"),
    Column("Điểm khắc phục được", 2.2, "center"),
]


def progress_note(percent_complete: int, note: str, when) -> str:
    text = f"{percent_complete}%"
    if note:
        text += f"; {note}"
        if when is not None:
            text += f" ({short_date(when.date())})"
    return text


def unit_section(document, figures: ProgressFigures) -> None:
    if not figures.by_unit:
        return
    heading(document, "2. Kết quả theo đơn vị chủ trì", level=2)
    rows = [
        [
            position,
            unit.name,
            number(unit.tasks),
            number(unit.done_on_time),
            number(unit.done_late),
            number(unit.within_deadline),
            number(unit.overdue),
            percent(unit.done_rate),
        ]
        for position, unit in enumerate(figures.by_unit, start=1)
    ]
    caption(
        document,
        "Bảng 3. Kết quả thực hiện theo đơn vị (xếp từ tỷ lệ hoàn thành cao xuống thấp)",
    )
    data_table(document, UNIT_COLUMNS, rows)


def overdue_section(document, figures: ProgressFigures, *, numeral: str) -> None:
    heading(document, f"{numeral}. Nhiệm vụ chưa hoàn thành, quá hạn", level=2)
    if not figures.overdue:
        paragraph(
            document,
            f"Đến ngày {short_date(figures.today)} không có nhiệm vụ nào chưa hoàn thành quá hạn.",
        )
        return
    listed = figures.overdue
    if len(listed) > OVERDUE_LISTED:
        longest = sorted(listed, key=lambda row: -row.days_overdue)[:OVERDUE_LISTED]
        chosen = {row.task_id for row in longest}
        listed = [row for row in figures.overdue if row.task_id in chosen]
    sentence = (
        f"Đến ngày {short_date(figures.today)} còn {number(len(figures.overdue))} nhiệm vụ "
        f"có hạn đến hết {figures.period.label} chưa hoàn thành, đã quá hạn"
    )
    if len(listed) < len(figures.overdue):
        sentence += (
            f"; bảng dưới đây nêu {len(listed)} nhiệm vụ quá hạn lâu nhất, số nhiệm vụ quá hạn "
            "của từng đơn vị nêu tại Bảng 3, danh sách đầy đủ tại công văn đôn đốc và trang "
            "Theo dõi thời hạn của hệ thống:"
        )
    else:
        sentence += ":"
    paragraph(document, sentence, keep_with_next=True)
    rows = [
        [
            position,
            row.title,
            row.unit_name,
            short_date(row.deadline),
            number(row.days_overdue),
            progress_note(row.percent_complete, row.note, row.note_at),
        ]
        for position, row in enumerate(listed, start=1)
    ]
    data_table(document, OVERDUE_COLUMNS, rows)


def directives_section(document, figures: ProgressFigures, *, numeral: str) -> None:
    heading(document, f"{numeral}. Nội dung chỉ đạo thực hiện thường xuyên", level=2)
    if not figures.directives:
        paragraph(document, "Không có nội dung chỉ đạo thực hiện thường xuyên trong kỳ.")
        return
    rows = [
        [
            position,
            f"{row.label}: {row.text} (Thông báo số {row.conclusion_number})"
            if row.label
            else f"{row.text} (Thông báo số {row.conclusion_number})",
            row.unit_name,
            progress_note(row.percent_complete, row.note, row.note_at),
        ]
        for position, row in enumerate(figures.directives, start=1)
    ]
    data_table(document, DIRECTIVE_COLUMNS, rows)


def recovery_section(document, figures: ProgressFigures, *, numeral: str) -> None:
    year = figures.period.year
    heading(document, f"{numeral}. Hiệu quả khắc phục", level=2)
    recovery = figures.recovery
    if recovery is None:
        paragraph(
            document,
            f"Chưa có kết quả Chỉ số CCHC năm {year} để đánh giá số điểm khắc phục được.",
        )
        return
    if not recovery.criteria:
        paragraph(
            document,
            f"Kết quả Chỉ số CCHC năm {year} đã có nhưng chưa có tiêu chí nào được giao nhiệm "
            "vụ khắc phục để so sánh.",
        )
        return
    paragraph(
        document,
        f"So với năm {recovery.year_before}, các tiêu chí có nhiệm vụ khắc phục đã lấy lại "
        f"{number(recovery.recovered)} điểm trong kết quả năm {recovery.year_after}.",
        keep_with_next=True,
    )
    rows = [
        [
            position,
            f"{row.code}. {row.name}",
            number(row.lost_before),
            number(row.lost_after),
            number(row.recovered),
        ]
        for position, row in enumerate(recovery.criteria, start=1)
    ]
    rows.append(["", "Tổng cộng", "", "", number(recovery.recovered)])
    data_table(document, RECOVERY_COLUMNS, rows, bold_last=True)
    if recovery.untouched:
        paragraph(
            document,
            f"Để so sánh, {len(recovery.untouched)} tiêu chí bị trừ điểm năm "
            f"{recovery.year_before} nhưng không có nhiệm vụ khắc phục đã lấy lại "
            f"{number(recovery.untouched_recovered)} điểm.",
        )
    else:
        paragraph(document, "Mọi tiêu chí bị trừ điểm đều đã có nhiệm vụ khắc phục.")


def shortcomings_section(document, figures: ProgressFigures, *, numeral: str) -> None:
    heading(document, f"{numeral}. Tồn tại, hạn chế và nguyên nhân")
    late_units = [unit for unit in figures.by_unit if unit.overdue]
    if not late_units and not figures.buckets.done_late:
        paragraph(document, "Các nhiệm vụ đến hạn trong kỳ đều được thực hiện đúng tiến độ.")
        return
    if late_units:
        listed = "; ".join(f"{unit.name} ({unit.overdue} nhiệm vụ)" for unit in late_units)
        paragraph(document, f"Còn nhiệm vụ chưa hoàn thành quá hạn tại các đơn vị: {listed}.")
    if figures.buckets.done_late:
        paragraph(
            document,
            f"Có {figures.buckets.done_late} nhiệm vụ hoàn thành nhưng chậm so với thời hạn.",
        )


def build_quarterly_report(
    *,
    figures: ProgressFigures,
    letterhead: Letterhead,
    signature: Signature,
    addressee: str,
    copies: Sequence[str],
    now: datetime,
) -> bytes:
    """The agency's report for the quarter (or the year so far) from `figures`,
    dated `now`; the same figures and parameters give the same bytes."""
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
        f"Thực hiện nhiệm vụ khắc phục các tiêu chí bị trừ điểm trong Chỉ số cải cách hành "
        f"chính (Chỉ số CCHC) năm {figures.period.year - 1} và các nội dung chỉ đạo của lãnh "
        f"đạo, {subject} báo cáo tiến độ thực hiện {label} như sau:",
    )
    results_section(document, figures, numeral="I", subject=subject)
    heading(document, f"II. Kết quả thực hiện nhiệm vụ khắc phục {label}")
    heading(document, "1. Tình hình chung", level=2)
    buckets_section(document, figures, subject=subject)
    unit_section(document, figures)
    overdue_section(document, figures, numeral="3")
    directives_section(document, figures, numeral="4")
    recovery_section(document, figures, numeral="5")
    shortcomings_section(document, figures, numeral="III")
    heading(document, "IV. Phương hướng, nhiệm vụ thời gian tới")
    paragraph(
        document,
        "Tập trung hoàn thành dứt điểm các nhiệm vụ quá hạn; thực hiện đúng thời hạn các "
        "nhiệm vụ đến hạn trong kỳ tới; tiếp tục thực hiện các nội dung chỉ đạo thường xuyên "
        "và cập nhật tiến độ, minh chứng trên hệ thống.",
    )
    heading(document, "V. Đề xuất, kiến nghị")
    paragraph(
        document,
        "Đề nghị các đơn vị có nhiệm vụ quá hạn khẩn trương hoàn thành, báo cáo kết quả kèm "
        "minh chứng; trường hợp cần điều chỉnh thời hạn, đề nghị gia hạn để lãnh đạo xem xét.",
    )
    paragraph(
        document,
        f"Trên đây là báo cáo tiến độ thực hiện nhiệm vụ khắc phục Chỉ số CCHC {label} của "
        f"{subject}./.",
    )
    closing(document, recipients=copies, signature=signature)
    return document_bytes(document, when=now, title_text=summary, author=subject)
