"""Parts the progress reports share, written from the figures module's figures.

The documents are official Vietnamese papers whatever the interface language,
so their wording is Vietnamese here, not in the translation catalogue.
"""

from decimal import Decimal

from tracker.charts.progress import progress_by_area_png
from tracker.reports.format import (
    Column,
    caption,
    data_table,
    heading,
    number,
    paragraph,
    percent,
    picture,
    short_date,
)
from tracker.selectors.assessments import percent_of
from tracker.selectors.progress import ProgressFigures

AREA_COLUMNS = [
    Column("TT", 1.1, "center"),
    Column("Lĩnh vực", 4.4),
    Column("Điểm tối đa", 1.6, "center"),
    Column("Điểm đạt", 1.5, "center"),
    Column("Điểm bị trừ", 1.5, "center"),
    Column("Số nhiệm vụ", 1.9, "center"),
    Column("Hoàn thành", 1.75, "center"),
    Column("Quá hạn", 1.75, "center"),
]
BUCKET_COLUMNS = [
    Column("TT", 1.1, "center"),
    Column("Tình hình thực hiện", 9.4),
    Column("Số nhiệm vụ", 2.5, "center"),
    Column("Tỷ lệ (%)", 2.5, "center"),
]


def rank_sentence(result) -> str:
    if not result.rank:
        return ""
    text = f", xếp thứ {result.rank}" + (f"/{result.rank_of}" if result.rank_of else "")
    if result.rank_change:
        direction = "tăng" if result.rank_change > 0 else "giảm"
        text += f", {direction} {abs(result.rank_change)} bậc so với năm trước"
    return text


def results_section(document, figures: ProgressFigures, *, numeral: str, subject: str) -> None:
    """Last year's result, its lost points by area and the tasks remedying each."""
    year = figures.period.year - 1
    heading(document, f"{numeral}. Kết quả Chỉ số CCHC năm {year}")
    result = figures.result
    if result is None:
        paragraph(
            document,
            f"Chưa có kết quả Chỉ số CCHC năm {year} của {subject} trong hệ thống, nên báo "
            "cáo không nêu điểm bị trừ theo lĩnh vực; tiến độ các nhiệm vụ được nêu tại phần "
            "dưới đây.",
        )
        return
    official = result.published_total if result.published_total is not None else result.total
    official_percent = (
        result.published_percent if result.published_total is not None else result.percent
    )
    paragraph(
        document,
        f"Năm {year}, {result.unit_name} đạt {number(official)}/{number(result.max_total)} "
        f"điểm ({percent(official_percent)}){rank_sentence(result)}; tổng số điểm bị trừ theo "
        f"các lĩnh vực là {number(result.lost)} điểm.",
    )
    if result.difference is not None:
        paragraph(
            document,
            f"Tổng điểm tính theo các lĩnh vực là {number(result.total)} điểm, chênh lệch "
            f"{number(result.difference)} điểm so với tổng điểm công bố; hai số liệu được giữ "
            "nguyên như công bố và như tính toán.",
        )
    rows = [
        [
            position,
            area.name,
            number(area.max_score),
            number(area.score),
            number(area.lost),
            number(area.tasks),
            number(area.done),
            number(area.overdue),
        ]
        for position, area in enumerate(figures.by_area, start=1)
    ]
    rows.append(
        [
            "",
            "Tổng cộng",
            number(result.max_total),
            number(result.total),
            number(result.lost),
            number(sum(area.tasks for area in figures.by_area)),
            number(sum(area.done for area in figures.by_area)),
            number(sum(area.overdue for area in figures.by_area)),
        ]
    )
    caption(
        document,
        f"Bảng 1. Điểm bị trừ theo lĩnh vực và nhiệm vụ khắc phục đến hạn trong "
        f"{figures.period.label}",
    )
    data_table(document, AREA_COLUMNS, rows, bold_last=True)


def share(count: int, total: int) -> Decimal | None:
    """count of total in percent, cut to two decimals as published figures are."""
    return percent_of(Decimal(count), Decimal(total))


def bucket_rows(figures: ProgressFigures) -> list[list]:
    buckets = figures.buckets
    total = buckets.tasks
    rows = [
        ("Hoàn thành đúng hạn", buckets.done_on_time),
        ("Hoàn thành quá hạn", buckets.done_late),
        ("Chưa hoàn thành, còn trong hạn", buckets.within_deadline),
        ("Chưa hoàn thành, quá hạn", buckets.overdue),
    ]
    table = [
        [position, label, number(count), percent(share(count, total))]
        for position, (label, count) in enumerate(rows, start=1)
    ]
    table.append(["", "Tổng số nhiệm vụ đến hạn", number(total), percent(share(total, total))])
    table.append(
        [
            "",
            "Trong đó: chưa triển khai (chưa tiếp nhận)",
            number(buckets.not_started),
            percent(share(buckets.not_started, total)),
        ]
    )
    table.append(
        ["", "Nhiệm vụ thực hiện thường xuyên (không có hạn)", number(figures.ongoing), ""]
    )
    return table


def buckets_section(document, figures: ProgressFigures, *, subject: str) -> None:
    """The four buckets in words and as a table, and the chart by area."""
    buckets = figures.buckets
    label = figures.period.label
    cut_off = short_date(figures.today)
    if buckets.tasks == 0:
        paragraph(
            document,
            f"Trong {label}, {subject} không có nhiệm vụ khắc phục nào đến hạn "
            f"(số liệu tính đến ngày {cut_off})"
            + (
                f"; đang thực hiện {figures.ongoing} nhiệm vụ thường xuyên."
                if figures.ongoing
                else "."
            ),
        )
        return
    paragraph(
        document,
        f"Trong {label}, {subject} có {number(buckets.tasks)} nhiệm vụ khắc phục đến hạn "
        f"(số liệu tính đến ngày {cut_off}): {number(buckets.done_on_time)} nhiệm vụ hoàn "
        f"thành đúng hạn, {number(buckets.done_late)} nhiệm vụ hoàn thành quá hạn, "
        f"{number(buckets.within_deadline)} nhiệm vụ chưa hoàn thành nhưng còn trong hạn và "
        f"{number(buckets.overdue)} nhiệm vụ chưa hoàn thành đã quá hạn; tỷ lệ hoàn thành "
        f"đạt {percent(buckets.done_rate)}. Ngoài ra, "
        f"{number(figures.ongoing)} nhiệm vụ được thực hiện thường xuyên.",
    )
    caption(
        document,
        f"Bảng 2. Tình hình thực hiện nhiệm vụ đến hạn trong {label}",
    )
    data_table(document, BUCKET_COLUMNS, bucket_rows(figures))
    if any(area.tasks for area in figures.by_area):
        picture(
            document,
            progress_by_area_png(figures.by_area),
            width_cm=15.0,
            caption=f"Biểu đồ. Tiến độ nhiệm vụ khắc phục theo lĩnh vực, {label}",
        )
