import time
from datetime import date

import pytest

from conclusions.deadlines import find_deadline_phrase, parse_deadline
from conclusions.models import DeadlineKind as K
from conclusions.models import Recurrence as R

D = date
# a conclusion issued at the start of the year: every reading below falls after it
JAN = D(2023, 1, 2)

# (phrase, conclusion issued on, kind, period start, due date, recurrence)
PHRASES = [
    # exact dates
    ("trước ngày 31/3/2023", None, K.DATE, None, D(2023, 3, 31), ""),
    ("31/03/2023", None, K.DATE, None, D(2023, 3, 31), ""),
    ("hoàn thành trước ngày 31.3.2023", None, K.DATE, None, D(2023, 3, 31), ""),
    ("chậm nhất ngày 15-4-2023", None, K.DATE, None, D(2023, 4, 15), ""),
    ("ngày 15 tháng 6 năm 2023", None, K.DATE, None, D(2023, 6, 15), ""),
    ("trước ngày 15 tháng 6", JAN, K.DATE, None, D(2023, 6, 15), ""),
    ("trước 31/3", JAN, K.DATE, None, D(2023, 3, 31), ""),
    ("truoc ngay 31/3/2023", None, K.DATE, None, D(2023, 3, 31), ""),
    ("từ ngày 01/4/2023 đến ngày 30/6/2023", None, K.DATE, D(2023, 4, 1), D(2023, 6, 30), ""),
    ("trong năm 2023, chậm nhất ngày 30/6/2023", None, K.DATE, None, D(2023, 6, 30), ""),
    ("trước ngày 29/02/2024", None, K.DATE, None, D(2024, 2, 29), ""),
    # months: "trước tháng 3" is by the end of February
    ("trước tháng 3/2023", None, K.MONTH, None, D(2023, 2, 28), ""),
    ("xong trước tháng 3/2023", None, K.MONTH, None, D(2023, 2, 28), ""),
    ("xong trước tháng 3/2024", None, K.MONTH, None, D(2024, 2, 29), ""),
    ("trước tháng 1/2024", None, K.MONTH, None, D(2023, 12, 31), ""),
    ("trong tháng 3/2023", None, K.MONTH, D(2023, 3, 1), D(2023, 3, 31), ""),
    ("tháng 3/2023", None, K.MONTH, D(2023, 3, 1), D(2023, 3, 31), ""),
    ("trong tháng 4 năm 2023", None, K.MONTH, D(2023, 4, 1), D(2023, 4, 30), ""),
    ("cuối tháng 11", JAN, K.MONTH, D(2023, 11, 1), D(2023, 11, 30), ""),
    ("từ tháng 4 đến tháng 6/2023", None, K.MONTH, D(2023, 4, 1), D(2023, 6, 30), ""),
    # quarters
    ("quý II/2023", None, K.QUARTER, D(2023, 4, 1), D(2023, 6, 30), ""),
    ("trong quý II/2023", None, K.QUARTER, D(2023, 4, 1), D(2023, 6, 30), ""),
    ("quý 2 năm 2023", None, K.QUARTER, D(2023, 4, 1), D(2023, 6, 30), ""),
    ("trong quý I/2023", None, K.QUARTER, D(2023, 1, 1), D(2023, 3, 31), ""),
    ("Quý IV-2023", None, K.QUARTER, D(2023, 10, 1), D(2023, 12, 31), ""),
    ("trong quy III nam 2023", None, K.QUARTER, D(2023, 7, 1), D(2023, 9, 30), ""),
    ("quý II", JAN, K.QUARTER, D(2023, 4, 1), D(2023, 6, 30), ""),
    ("trước quý III/2023", None, K.QUARTER, None, D(2023, 6, 30), ""),
    # halves and years
    ("6 tháng đầu năm 2023", None, K.HALF, D(2023, 1, 1), D(2023, 6, 30), ""),
    ("6 tháng cuối năm 2023", None, K.HALF, D(2023, 7, 1), D(2023, 12, 31), ""),
    ("sáu tháng cuối năm", JAN, K.HALF, D(2023, 7, 1), D(2023, 12, 31), ""),
    ("trong năm 2023", None, K.YEAR, D(2023, 1, 1), D(2023, 12, 31), ""),
    ("cuối năm", JAN, K.YEAR, D(2023, 1, 1), D(2023, 12, 31), ""),
    # recurring, for the year they apply to
    ("hàng tháng", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.MONTHLY),
    ("hằng tháng", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.MONTHLY),
    ("mỗi tháng", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.MONTHLY),
    ("1-2 bài/tháng", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.MONTHLY),
    (
        "mỗi đơn vị có từ 1-2 bài/tháng",
        JAN,
        K.RECURRING,
        D(2023, 1, 1),
        D(2023, 12, 31),
        R.MONTHLY,
    ),
    ("hang thang trong nam 2024", None, K.RECURRING, D(2024, 1, 1), D(2024, 12, 31), R.MONTHLY),
    ("hàng tháng, từ tháng 4/2023", None, K.RECURRING, D(2023, 4, 1), D(2023, 12, 31), R.MONTHLY),
    ("hàng quý", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.QUARTERLY),
    ("định kỳ hằng quý năm 2023", None, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.QUARTERLY),
    ("định kỳ 6 tháng", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.HALF_YEARLY),
    ("hằng năm", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.YEARLY),
    ("thường xuyên, hằng tháng", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.MONTHLY),
    # ongoing: no due date
    ("thường xuyên", None, K.ONGOING, None, None, ""),
    ("thực hiện liên tục", JAN, K.ONGOING, None, None, ""),
    ("thuong xuyen", None, K.ONGOING, None, None, ""),
    ("thường xuyên trong năm 2023", None, K.ONGOING, D(2023, 1, 1), None, ""),
    # nothing stated
    ("", JAN, K.NONE, None, None, ""),
    # more phrasings seen in conclusions
    ("9 tháng đầu năm 2023", None, K.MONTH, D(2023, 1, 1), D(2023, 9, 30), ""),
    ("3 tháng đầu năm 2023", None, K.QUARTER, D(2023, 1, 1), D(2023, 3, 31), ""),
    ("trong quí III năm 2023", None, K.QUARTER, D(2023, 7, 1), D(2023, 9, 30), ""),
    ("quí II/2023", None, K.QUARTER, D(2023, 4, 1), D(2023, 6, 30), ""),
    ("3 tháng/lần", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.QUARTERLY),
    ("ba tháng một lần", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.QUARTERLY),
    ("2 bài/quý", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.QUARTERLY),
    ("02 tin, bài/tháng", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.MONTHLY),
    ("hàng tháng, trước ngày 25", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.MONTHLY),
    ("năm 2023-2024", None, K.YEAR, D(2023, 1, 1), D(2024, 12, 31), ""),
    ("năm 2023 - 2024", None, K.YEAR, D(2023, 1, 1), D(2024, 12, 31), ""),
    ("trong các năm 2023, 2024", None, K.YEAR, D(2023, 1, 1), D(2024, 12, 31), ""),
    ("từ năm 2023 đến năm 2025", None, K.YEAR, D(2023, 1, 1), D(2025, 12, 31), ""),
    ("tháng 3/2023 (trước ngày 15)", None, K.DATE, None, D(2023, 3, 15), ""),
    # read against the conclusion's date: no occurrence falls due before it
    ("hằng tháng", D(2023, 3, 2), K.RECURRING, D(2023, 3, 1), D(2023, 12, 31), R.MONTHLY),
    (
        "định kỳ hằng quý",
        D(2023, 6, 15),
        K.RECURRING,
        D(2023, 4, 1),
        D(2023, 12, 31),
        R.QUARTERLY,
    ),
    (
        "định kỳ hằng quý năm 2023",
        D(2023, 6, 15),
        K.RECURRING,
        D(2023, 4, 1),
        D(2023, 12, 31),
        R.QUARTERLY,
    ),
    (
        "trước ngày 20 hằng tháng",
        D(2023, 3, 25),
        K.RECURRING,
        D(2023, 4, 1),
        D(2023, 12, 31),
        R.MONTHLY,
    ),
    (
        "hàng tháng, từ tháng 4/2023",
        D(2023, 3, 2),
        K.RECURRING,
        D(2023, 4, 1),
        D(2023, 12, 31),
        R.MONTHLY,
    ),
    ("trong quý I", D(2023, 3, 2), K.QUARTER, D(2023, 1, 1), D(2023, 3, 31), ""),
    # yearly on a day and month (the day and month: see the test below the tables)
    ("trước ngày 10/12 hằng năm", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.YEARLY),
    (
        "Định kỳ hằng năm (trước ngày 25 tháng 11)",
        JAN,
        K.RECURRING,
        D(2023, 1, 1),
        D(2023, 12, 31),
        R.YEARLY,
    ),
    (
        "hạn cuối ngày 20 tháng 11 hàng năm",
        JAN,
        K.RECURRING,
        D(2023, 1, 1),
        D(2023, 12, 31),
        R.YEARLY,
    ),
    ("Tháng 11 hằng năm", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.YEARLY),
    # weekly: from the notice's week (Monday 02/01/2023) to the year's end
    ("hằng tuần", JAN, K.RECURRING, D(2023, 1, 2), D(2023, 12, 31), R.WEEKLY),
    (
        "trước 16 giờ thứ Năm hằng tuần",
        JAN,
        K.RECURRING,
        D(2023, 1, 2),
        D(2023, 12, 31),
        R.WEEKLY,
    ),
    # a Friday notice: this week's Thursday has passed
    (
        "trước 16 giờ thứ Năm hằng tuần",
        D(2023, 3, 3),
        K.RECURRING,
        D(2023, 3, 6),
        D(2023, 12, 31),
        R.WEEKLY,
    ),
    ("định kỳ hằng tuần", D(2023, 3, 3), K.RECURRING, D(2023, 2, 27), D(2023, 12, 31), R.WEEKLY),
    # other recurring forms
    ("ngày 20 của tháng", JAN, K.RECURRING, D(2023, 1, 1), D(2023, 12, 31), R.MONTHLY),
    (
        "ngày 10 tháng cuối của mỗi quý",
        JAN,
        K.RECURRING,
        D(2023, 1, 1),
        D(2023, 12, 31),
        R.QUARTERLY,
    ),
    (
        "từ ngày 1 đến ngày 3 hằng tháng",
        JAN,
        K.RECURRING,
        D(2023, 1, 1),
        D(2023, 12, 31),
        R.MONTHLY,
    ),
    (
        "định kỳ hằng quý, chậm nhất ngày 18 của tháng cuối kỳ báo cáo",
        JAN,
        K.RECURRING,
        D(2023, 1, 1),
        D(2023, 12, 31),
        R.QUARTERLY,
    ),
    (
        "trước ngày 10/10/2025 và hằng tháng",
        D(2025, 9, 1),
        K.RECURRING,
        D(2025, 10, 1),
        D(2025, 12, 31),
        R.MONTHLY,
    ),
    # counted from the notice's own date, calendar days
    ("trong 10 ngày kể từ ngày ký", D(2023, 1, 15), K.DATE, None, D(2023, 1, 25), ""),
    (
        "trong thời hạn 20 ngày kể từ ngày ban hành Thông báo này",
        D(2023, 1, 15),
        K.DATE,
        None,
        D(2023, 2, 4),
        "",
    ),
    # with or without "trong", the same half
    ("trong 6 tháng cuối năm 2024", None, K.HALF, D(2024, 7, 1), D(2024, 12, 31), ""),
    ("trong 6 tháng đầu năm 2024", None, K.HALF, D(2024, 1, 1), D(2024, 6, 30), ""),
    ("6 tháng đầu năm", JAN, K.HALF, D(2023, 1, 1), D(2023, 6, 30), ""),
    # ranges read to their end
    ("Quý III/2024 - Quý I/2025", None, K.QUARTER, D(2024, 7, 1), D(2025, 3, 31), ""),
    ("từ năm 2025 - 2027", None, K.YEAR, D(2025, 1, 1), D(2027, 12, 31), ""),
    ("tháng 3/2024 - tháng 5/2024", None, K.MONTH, D(2024, 3, 1), D(2024, 5, 31), ""),
]

# Read, but against the conclusion's date something is off: flagged for a person.
FLAGGED = [
    # a year-less reading before the conclusion means next year's
    ("hoàn thành trong quý I", D(2023, 12, 20), K.QUARTER, D(2024, 1, 1), D(2024, 3, 31), ""),
    ("trước ngày 31/3", D(2023, 12, 20), K.DATE, None, D(2024, 3, 31), ""),
    # an explicit date before the conclusion (a typo, most likely) is kept
    ("trước ngày 30/6/2022", D(2023, 3, 2), K.DATE, None, D(2022, 6, 30), ""),
    # a December conclusion leaves one month of the year
    ("hằng tháng", D(2023, 12, 20), K.RECURRING, D(2023, 12, 1), D(2023, 12, 31), R.MONTHLY),
    # December's 20th has passed: the occurrences move to next year
    (
        "trước ngày 20 hằng tháng",
        D(2023, 12, 25),
        K.RECURRING,
        D(2024, 1, 1),
        D(2024, 12, 31),
        R.MONTHLY,
    ),
    # the words start the occurrences before the conclusion
    (
        "hàng tháng, từ tháng 4/2023",
        D(2023, 6, 15),
        K.RECURRING,
        D(2023, 4, 1),
        D(2023, 12, 31),
        R.MONTHLY,
    ),
]

FLAGGED += [
    # a bare year, with no "trong", "trước", "hết": the year the work is about
    # as often as the year it is due by
    ("năm 2023", None, K.YEAR, D(2023, 1, 1), D(2023, 12, 31), ""),
    # working days skip weekends; holidays are not known, so a person checks
    (
        "trong 5 ngày làm việc kể từ ngày ký",
        D(2023, 1, 13),
        K.DATE,
        None,
        D(2023, 1, 20),
        "",
    ),
    # a yearly day already past in the notice's year: next year's
    (
        "trước ngày 10/12 hằng năm",
        D(2023, 12, 20),
        K.RECURRING,
        D(2024, 1, 1),
        D(2024, 12, 31),
        R.YEARLY,
    ),
    # a December notice leaves less than four weeks of "hằng tuần"
    ("hằng tuần", D(2023, 12, 20), K.RECURRING, D(2023, 12, 18), D(2023, 12, 31), R.WEEKLY),
    # the 10th of May is not in a quarter's last month
    (
        "trước ngày 10/5/2025 và hằng quý",
        D(2025, 1, 2),
        K.RECURRING,
        D(2025, 4, 1),
        D(2025, 12, 31),
        R.QUARTERLY,
    ),
]

# Unreadable or ambiguous: kept as text, flagged, never guessed.
UNREAD = [
    ("sớm", JAN),
    ("kịp thời", JAN),
    ("khẩn trương", JAN),
    ("trước Tết", JAN),
    ("trước Tết Nguyên đán năm 2024", JAN),
    ("quý II", None),
    ("trong tháng 3", None),
    ("trước 31/3", None),
    ("hàng tháng", None),
    ("31/02/2023", None),
    ("tháng 13/2023", None),
    ("31/3/23", None),
    ("trước ngày 15", JAN),
    ("trong 10 ngày kể từ ngày nhận", JAN),
    ("sau khi có kết quả thẩm định", JAN),
    ("đầu năm 2023", None),
    ("quý tới", JAN),
    ("định kỳ", JAN),
    ("trước ngày 31/3/2023 hoặc trước ngày 15/4/2023", None),
    ("trong quý II/2023 và quý III/2023", None),
    ("thường xuyên, xong trước ngày 31/3/2023", None),
    ("2 tháng/lần", JAN),
    ("hai tháng một lần", JAN),
    ("hằng quý, trước ngày 15", JAN),
    ("sau ngày 15/3/2023", None),
    ("từ ngày 15/3/2023", None),
    ("từ tháng 4/2023", None),
    ("từ quý II/2023", None),
    ("kể từ năm 2023", None),
    ("năm 2023 và các năm tiếp theo", None),
    ("năm 2023 và những năm tiếp theo", None),
    ("tháng 3/2023 và các tháng tiếp theo", None),
    # what the phrase finder now keeps rather than dropping
    ("ngay", JAN),
    ("theo Quy chế làm việc", JAN),
    ("trong thời gian tới", JAN),
    ("đầu tháng 02/2019", None),
    ("dịp 2 tháng 9", JAN),
    ("Báo cáo 6 tháng gửi trước ngày 10/6", JAN),
    ("Báo cáo năm gửi trước ngày 15/12", JAN),
    # no reporting period to repeat on
    ("chậm nhất ngày 18 của tháng cuối kỳ báo cáo", JAN),
    # counted from a date the notice does not give
    ("trong 10 ngày kể từ ngày ký", None),
    ("trong 10 ngày kể từ ngày nhận được Thông báo", JAN),
    # weekdays that disagree, a weekday beside a month
    ("thứ Hai và thứ Năm hằng tuần", JAN),
    ("thứ Năm hằng tháng", JAN),
    ("trước ngày 31/2 hằng năm", JAN),
]


@pytest.mark.parametrize(("text", "issued_on", "kind", "start", "due", "recurrence"), PHRASES)
def test_parse_deadline_reads_real_phrasings(text, issued_on, kind, start, due, recurrence):
    parsed = parse_deadline(text, issued_on=issued_on)

    assert (parsed.kind, parsed.period_start, parsed.due_date, parsed.recurrence) == (
        kind,
        start,
        due,
        recurrence,
    )
    assert parsed.needs_review is False
    assert parsed.text == text


@pytest.mark.parametrize(("text", "issued_on"), UNREAD)
def test_parse_deadline_keeps_unreadable_phrases_for_a_person(text, issued_on):
    parsed = parse_deadline(text, issued_on=issued_on)

    assert parsed.kind == K.UNPARSED
    assert parsed.needs_review is True
    assert (parsed.period_start, parsed.due_date, parsed.recurrence) == (None, None, "")
    assert parsed.text == text


@pytest.mark.parametrize(("text", "issued_on", "kind", "start", "due", "recurrence"), FLAGGED)
def test_parse_deadline_flags_readings_that_do_not_fit_the_conclusion_date(
    text, issued_on, kind, start, due, recurrence
):
    parsed = parse_deadline(text, issued_on=issued_on)

    assert (parsed.kind, parsed.period_start, parsed.due_date, parsed.recurrence) == (
        kind,
        start,
        due,
        recurrence,
    )
    assert parsed.needs_review is True
    assert parsed.text == text


def test_parse_deadline_table_is_long_enough():
    assert len(PHRASES) + len(UNREAD) + len(FLAGGED) >= 40


def test_parse_deadline_reads_the_day_of_a_recurring_deadline():
    monthly = parse_deadline("báo cáo trước ngày 20 hằng tháng", issued_on=JAN)
    quarterly = parse_deadline("hằng quý, trước ngày 15 của tháng cuối quý", issued_on=JAN)

    assert (monthly.recurrence, monthly.recurrence_day) == (R.MONTHLY, 20)
    assert (quarterly.recurrence, quarterly.recurrence_day) == (R.QUARTERLY, 15)
    for phrase in ("hàng tháng, trước ngày 25", "hàng tháng (chậm nhất ngày 25)"):
        parsed = parse_deadline(phrase, issued_on=JAN)
        assert (parsed.recurrence, parsed.recurrence_day) == (R.MONTHLY, 25)


def test_parse_deadline_keeps_the_words_as_written():
    parsed = parse_deadline("  xong   trước tháng 3/2023 ")

    assert parsed.text == "xong trước tháng 3/2023"


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        (
            "Thứ nhất, giao Văn phòng Sở rà soát các tiêu chí bị trừ điểm trong Chỉ số CCHC "
            "năm 2022, hoàn thành trước ngày 31/3/2023.",
            "trước ngày 31/3/2023",
        ),
        (
            "Giao Phòng Hành chính tư pháp thực hiện theo Kế hoạch số 12/KH-STP ngày "
            "15/01/2023 của Sở, xong trước tháng 3/2023.",
            "xong trước tháng 3/2023",
        ),
        ("Đạt 61,14/74,00 điểm, xếp thứ 16/18; hoàn thành trong quý II/2023.", "trong quý II/2023"),
        ("mỗi đơn vị có từ 1-2 bài/tháng đăng trên Trang thông tin điện tử", "từ 1-2 bài/tháng"),
        (
            "các đơn vị có từ 1-2 bài/tháng đăng trên Cổng thông tin, thực hiện thường xuyên "
            "trong năm 2023",
            "từ 1-2 bài/tháng; thường xuyên trong năm 2023",
        ),
        ("Văn phòng Sở thường xuyên theo dõi, đôn đốc; kịp thời báo cáo.", "thường xuyên"),
        ("Hoàn thành trước Tết Nguyên đán, báo cáo Giám đốc Sở.", "trước Tết Nguyên đán"),
        ("Tham mưu kịp thời cho lãnh đạo Sở.", "kịp thời"),
        ("Giao Văn phòng Sở tham mưu Giám đốc Sở.", ""),
        ("Giao Phòng Tư pháp đăng ít nhất 2 bài/quý trên Trang thông tin.", "2 bài/quý"),
        ("mỗi đơn vị đăng ít nhất 02 tin, bài/tháng trên Cổng", "02 tin, bài/tháng"),
        (
            "Thực hiện trong năm 2023 và các năm tiếp theo.",
            "trong năm 2023 và các năm tiếp theo",
        ),
        (
            "Hoàn thành trong tháng 3/2023 (trước ngày 15), báo cáo Sở.",
            "trong tháng 3/2023 (trước ngày 15)",
        ),
        ("Báo cáo kết quả sau ngày 15/3/2023.", "sau ngày 15/3/2023"),
        ("Báo cáo hàng tháng, trước ngày 25 gửi Văn phòng.", "hàng tháng, trước ngày 25"),
        ("Báo cáo định kỳ 3 tháng/lần về Văn phòng Sở.", "định kỳ 3 tháng/lần"),
        # never a silent "no deadline" when the words speak of time
        ("Văn phòng Sở thực hiện ngay, báo cáo kết quả.", "ngay"),
        ("Thực hiện theo Quy chế làm việc của Sở.", "theo Quy chế làm việc"),
        ("Tiếp tục triển khai trong thời gian tới.", "trong thời gian tới"),
        ("Tổ chức Hội nghị sơ kết năm 2023.", "năm 2023"),
        ("Ngay cả các phòng cũng phải tham gia.", ""),
        # nor a cut that changes the meaning
        ("Hoàn thành đầu tháng 02/2019.", "đầu tháng 02/2019"),
        ("Tổ chức các hoạt động dịp 2 tháng 9.", "dịp 2 tháng 9"),
        ("Báo cáo 6 tháng gửi trước ngày 10/6.", "Báo cáo 6 tháng gửi trước ngày 10/6"),
        # a year saying when tasks were given, or naming results, is no deadline
        ("Rà soát các nhiệm vụ được giao trong năm 2025.", ""),
        ("Khắc phục hạn chế của Chỉ số CCHC năm 2022.", ""),
        # the new forms, picked out whole
        ("Báo cáo trước 16 giờ thứ Năm hằng tuần.", "trước 16 giờ thứ Năm hằng tuần"),
        ("Gửi kết quả trong 10 ngày kể từ ngày ký.", "trong 10 ngày kể từ ngày ký"),
        ("Nộp báo cáo trước ngày 10/12 hằng năm.", "trước ngày 10/12 hằng năm"),
        ("Cập nhật từ ngày 1 đến ngày 3 hằng tháng.", "từ ngày 1 đến ngày 3 hằng tháng"),
        ("Tổ chức lần thứ hai trong năm 2023.", "trong năm 2023"),
        ("Hoàn thành trước ngày 20 của tháng 3/2024.", "trước ngày 20 của tháng 3/2024"),
        ("Thực hiện trong giai đoạn Quý III/2024 - Quý I/2025.", "Quý III/2024 - Quý I/2025"),
    ],
)
def test_find_deadline_phrase_picks_the_deadline_out_of_the_directive(sentence, phrase):
    assert find_deadline_phrase(sentence) == phrase


def test_describe_says_the_reading_in_vietnamese():
    assert parse_deadline("xong trước tháng 3/2023").describe() == "Tháng: hạn 28/02/2023"
    assert parse_deadline("trong quý II/2023").describe() == "Quý: từ 01/04/2023, hạn 30/06/2023"
    assert parse_deadline("sớm").describe() == "Chưa đọc được – cần nhập tay"
    assert parse_deadline("thường xuyên").describe() == (
        "Thường xuyên, không có hạn; rà soát hằng quý"
    )
    assert parse_deadline("trước 16 giờ thứ Năm hằng tuần", issued_on=JAN).describe() == (
        "Hằng tuần, hạn thứ Năm, từ 02/01/2023 đến 31/12/2023"
    )
    assert parse_deadline("hạn cuối ngày 20 tháng 11 hàng năm", issued_on=JAN).describe() == (
        "Hằng năm, hạn ngày 20/11, từ 01/01/2023 đến 31/12/2023"
    )
    assert parse_deadline("Tháng 11 hằng năm", issued_on=JAN).describe() == (
        "Hằng năm, hạn cuối tháng 11, từ 01/01/2023 đến 31/12/2023"
    )


def test_parse_deadline_reads_the_day_and_month_of_a_yearly_deadline():
    readings = {
        phrase: parse_deadline(phrase, issued_on=JAN)
        for phrase in (
            "trước ngày 10/12 hằng năm",
            "Định kỳ hằng năm (trước ngày 25 tháng 11)",
            "hạn cuối ngày 20 tháng 11 hàng năm",
            "Tháng 11 hằng năm",
        )
    }

    assert {p: (r.recurrence_month, r.recurrence_day) for p, r in readings.items()} == {
        "trước ngày 10/12 hằng năm": (12, 10),
        "Định kỳ hằng năm (trước ngày 25 tháng 11)": (11, 25),
        "hạn cuối ngày 20 tháng 11 hàng năm": (11, 20),
        "Tháng 11 hằng năm": (11, None),
    }


def test_parse_deadline_reads_the_weekday_and_the_first_date_of_a_recurrence():
    weekly = parse_deadline("trước 16 giờ thứ Năm hằng tuần", issued_on=JAN)
    sunday = parse_deadline("Chủ nhật hằng tuần", issued_on=JAN)
    first = parse_deadline("trước ngày 10/10/2025 và hằng tháng", issued_on=D(2025, 9, 1))
    window = parse_deadline("từ ngày 1 đến ngày 3 hằng tháng", issued_on=JAN)
    period = parse_deadline("hằng quý, chậm nhất ngày 18 của tháng cuối kỳ báo cáo", issued_on=JAN)

    assert (weekly.recurrence, weekly.recurrence_day) == (R.WEEKLY, 4)
    assert (sunday.recurrence, sunday.recurrence_day) == (R.WEEKLY, 7)
    assert (first.recurrence, first.recurrence_day) == (R.MONTHLY, 10)
    assert (window.recurrence, window.recurrence_day) == (R.MONTHLY, 3)
    assert (period.recurrence, period.recurrence_day) == (R.QUARTERLY, 18)


# 200,000 characters of digits and separators (16,000 digits once took 9 s);
# texts dense with deadline words are read token by token, so a shorter run of
# them (still far longer than any directive) keeps the bound about linearity,
# not about the machine's load.
ADVERSARIAL = {
    "digits": "1" * 200_000,
    "digits and spaces": "1 " * 100_000,
    "digits and slashes": "1/" * 100_000,
    "digits and dashes": "1-" * 100_000,
    "spaces": " " * 200_000,
    "counts per month": "từ 1-2 bài " * 5_000,
    "days": "ngày 1 " * 8_000,
    "months": "tháng 1 và " * 5_000,
    # separators between two deadlines, once quadratic
    "a long gap of commas": "trước ngày 31/3/2023" + ", " * 100_000 + "x trong năm 2024",
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_deadline_readers_cannot_be_stalled(text):
    # A safety bound, not a performance claim: before, 16,000 digits took 9 s.
    started = time.process_time()
    find_deadline_phrase(text)
    parse_deadline(text, issued_on=JAN)

    assert time.process_time() - started < 2
