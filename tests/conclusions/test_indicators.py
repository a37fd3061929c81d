from datetime import date
from decimal import Decimal

import pytest

from conclusions.indicators import find_indicator
from conclusions.models import Comparator


@pytest.mark.parametrize(
    ("text", "comparator", "target", "unit", "phrase"),
    [
        (
            "bảo đảm trên 60% tổng hồ sơ được số hóa",
            Comparator.ABOVE,
            Decimal("60"),
            "%",
            "trên 60% tổng hồ sơ được số hóa",
        ),
        (
            "Phấn đấu cấp xã trên 60 % hồ sơ được số hóa, báo cáo kết quả",
            Comparator.ABOVE,
            Decimal("60"),
            "%",
            "trên 60 % hồ sơ được số hóa",
        ),
        (
            "tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%",
            Comparator.AT_LEAST,
            Decimal("100"),
            "%",
            "đạt 100%",
        ),
        (
            "mức độ hài lòng không dưới 90%.",
            Comparator.AT_LEAST,
            Decimal("90"),
            "%",
            "không dưới 90%",
        ),
        ("tối thiểu 95% thủ tục", Comparator.AT_LEAST, Decimal("95"), "%", "tối thiểu 95% thủ tục"),
        (
            "tỷ lệ hồ sơ trễ hạn không quá 2,5%",
            Comparator.AT_MOST,
            Decimal("2.5"),
            "%",
            "không quá 2,5%",
        ),
        (
            "dưới 5% hồ sơ phải bổ sung",
            Comparator.BELOW,
            Decimal("5"),
            "%",
            "dưới 5% hồ sơ phải bổ sung",
        ),
        (
            "mỗi đơn vị có từ 1-2 bài/tháng",
            Comparator.AT_LEAST,
            Decimal("1"),
            "bài/tháng",
            "từ 1-2 bài/tháng",
        ),
        ("1-2 bài/tháng", Comparator.AT_LEAST, Decimal("1"), "bài/tháng", "1-2 bài/tháng"),
        (
            "Chỉ số CCHC tăng ít nhất 3 bậc",
            Comparator.AT_LEAST,
            Decimal("3"),
            "bậc",
            "ít nhất 3 bậc",
        ),
    ],
)
def test_find_indicator_reads_targets(text, comparator, target, unit, phrase):
    indicator = find_indicator(text)

    assert (indicator.comparator, indicator.target, indicator.unit, indicator.phrase) == (
        comparator,
        target,
        unit,
        phrase,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ số CCHC năm 2022 đạt 61,14/74,00 điểm, xếp thứ 16/18",
        "hoàn thành trước ngày 31/3/2023",
        "rà soát, cập nhật thủ tục hành chính",
    ],
)
def test_find_indicator_ignores_results_and_dates(text):
    assert find_indicator(text) is None


def test_indicator_describes_itself_with_a_decimal_comma():
    assert find_indicator("không quá 2,5%").describe() == "không quá 2,5%"
    assert find_indicator("trên 60% hồ sơ").describe() == "trên 60%"


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("năm 2022 đạt 78,92%, năm 2023 phấn đấu trên 85%", "trên 85%"),
        ("Theo QĐ 215/QĐ-UBND, đạt 85,65%; phấn đấu trên 90%", "trên 90%"),
        ("tỷ lệ đạt 70%, bảo đảm không dưới 80% hồ sơ", "không dưới 80%"),
        ("phấn đấu đạt 95% hồ sơ trực tuyến", "không dưới 95%"),
        ("đăng ít nhất 02 tin, bài/quý", "không dưới 2 tin, bài/quý"),
    ],
)
def test_find_indicator_prefers_the_target_to_the_reported_result(text, description):
    assert find_indicator(text, issued_on=date(2023, 3, 2)).describe() == description


@pytest.mark.parametrize(
    "text",
    ["Năm 2022, tỷ lệ hồ sơ trực tuyến đạt 78,92%.", "tăng 10% so với năm 2022"],
)
def test_find_indicator_skips_a_past_result_and_a_change(text):
    assert find_indicator(text, issued_on=date(2023, 3, 2)) is None


def test_an_indicator_ends_at_the_line_a_task_table_row_breaks_on():
    indicator = find_indicator("trên 60% hồ sơ được số hóa\nĐơn vị chủ trì: Văn phòng Sở")

    assert indicator.phrase == "trên 60% hồ sơ được số hóa"
