"""The SVG charts: the office colours, bars to scale, the numbers beneath."""

from decimal import Decimal

from tracker.charts.svg import BUCKET_COLOURS, bucket_bars, grouped_bars
from tracker.selectors.progress import Buckets


def test_bucket_bars_stack_the_four_buckets_in_office_colours_to_one_scale():
    chart = bucket_bars(
        "c",
        "Tiến độ",
        [
            (
                "Phòng A",
                Buckets(tasks=8, done_on_time=4, done_late=2, within_deadline=1, overdue=1),
            ),
            ("Phòng <B>", Buckets(tasks=4, done_on_time=0, done_late=0, within_deadline=4)),
        ],
    )

    svg = str(chart.svg)
    assert BUCKET_COLOURS == {
        "done_on_time": "#198754",
        "done_late": "#fd7e14",
        "within_deadline": "#0d6efd",
        "overdue": "#dc3545",
    }
    # 360 drawing units for the longest bar (8 tasks): 45 a task.
    assert 'width="180.0" height="16" fill="#198754"' in svg
    assert 'width="45.0" height="16" fill="#dc3545"' in svg
    assert 'width="180.0" height="16" fill="#0d6efd"' in svg
    assert "Phòng &lt;B&gt;" in svg and "<B>" not in svg
    assert " style=" not in svg and "<script" not in svg
    assert chart.rows == [["Phòng A", 4, 2, 1, 1, 8], ["Phòng <B>", 0, 0, 4, 0, 4]]
    assert chart.columns[1:] == [
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Chưa hoàn thành, còn trong hạn",
        "Chưa hoàn thành, quá hạn",
        "Tổng",
    ]


def test_grouped_bars_leave_a_gap_for_a_missing_year_and_table_the_numbers():
    chart = grouped_bars(
        "g",
        "Điểm bị trừ",
        ["1", "2"],
        [("Năm 2025", [Decimal("0.75"), Decimal("0.50")]), ("Năm 2024", [None, Decimal("1")])],
    )

    assert str(chart.svg).count("<rect") == 3
    assert chart.rows == [["1", "0,75", "—"], ["2", "0,50", "1,00"]]
