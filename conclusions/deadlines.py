"""Deadlines as people write them in conclusions, read into dates.

`parse_deadline` reads one phrase ("xong trước tháng 3/2023", "trong quý
II/2023", "1-2 bài/tháng", "thường xuyên"); `find_deadline_phrase` picks that
phrase out of a directive's whole sentence. What cannot be read with
certainty (an unknown anchor such as "trước Tết", a missing year, two
deadlines that disagree, an impossible date) comes back UNPARSED with
needs_review set: the words are kept and a person sets the date. The parser
never guesses.

Both work on folded text (lower case, no diacritics, see tracker.lib.text),
so "hằng tháng", "hàng tháng" and "hang thang" read alike, and a span found
in the folded text slices the original words.
"""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils.translation import gettext as _

from conclusions.models import DeadlineKind, Recurrence
from tracker.lib.formats import vn_date
from tracker.lib.text import fold_keeping_length, normalise, squash


@dataclass(frozen=True)
class ParsedDeadline:
    text: str
    kind: DeadlineKind
    period_start: date | None = None
    due_date: date | None = None
    recurrence: str = ""
    needs_review: bool = False
    # For a recurring deadline "trước ngày 20 hằng tháng": the day of the
    # period's last month it falls on (None: the period's last day).
    recurrence_day: int | None = None
    # For a yearly deadline "trước ngày 25 tháng 11 hằng năm": its month
    # (None: December). For a weekly one, recurrence_day is the weekday (1: Monday).
    recurrence_month: int | None = None

    def describe(self) -> str:
        """The reading in words, for pages, the review form and the command."""
        return describe_deadline(self)


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), last_day(year, first_month + 2)


def half_bounds(year: int, half: int) -> tuple[date, date]:
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (
            date(year, 7, 1),
            date(year, 12, 31),
        )
    )


# --- the words -------------------------------------------------------------

_YEAR = r"((?:19|20)\d{2})"
# "tháng 3/2023", "tháng 3-2023", "tháng 3 năm 2023", "quý II, năm 2023"
_YEAR_TAIL = rf"(?:\s*[/.-]\s*|\s*,?\s+nam\s+){_YEAR}"
_NO_YEAR_TAIL = r"(?!\s*[/.-]\s*\d)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# "quý" is often spelt "quí"
_Q = r"qu[yi]"
_COUNTS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_COUNT = r"(\d{1,2}|" + "|".join(_COUNTS) + r")"
# "1-2 bài/tháng", "02 tin, bài/quý": the count belongs to the phrase
# (?<!\d): a count starts where a number starts, or a run of digits is
# tried from each of its positions (quadratic).
_PER = r"(?:(?<!\d)(?:tu\s+)?\d+(?:\s*-\s*\d+)?\s+[a-z]+(?:(?:\s*,\s*|\s+)[a-z]+)?\s*)?/\s*"
# every so many months: "3 tháng/lần", "hai tháng một lần", "định kỳ 3 tháng"
_EVERY_MONTHS = {1: "monthly", 3: "quarterly", 6: "half_yearly", 12: "yearly"}

_WEEKDAYS = {"hai": 1, "ba": 2, "tu": 3, "nam": 4, "sau": 5, "bay": 6}
_WEEKDAYS |= {str(number + 1): number for number in range(1, 7)}
# "trong 10 ngày kể từ ngày ký", "trong thời hạn 20 ngày làm việc kể từ ngày
# ban hành Thông báo này": counted from the notice's own date
_RELATIVE = (
    r"(?:trong|sau|chua\s+qua)\s+(?:(?:vong|thoi\s+han)\s+)?(\d{1,3})\s+ngay(\s+lam\s+viec)?"
    r"\s*,?\s+(?:ke\s+)?tu\s+(?:ngay\s+)?(?:ky|ban\s+hanh)\b"
    r"(?:\s+(?:thong\s+bao|van\s+ban|ket\s+luan)(?:\s+(?:ket\s+luan\s+)?nay)?)?"
)

_PATTERNS = [
    ("relative", re.compile(_RELATIVE)),
    # "từ ngày 1 đến ngày 3 hằng tháng": due on the window's last day
    (
        "monthly_window",
        re.compile(
            r"tu\s+ngay\s+(\d{1,2})\s+den\s+(?:het\s+)?ngay\s+(\d{1,2})\s+(?:cua\s+)?"
            r"(?:hang|moi|tung)\s+thang\b"
        ),
    ),
    # "trước ngày 20 hằng tháng", "ngày 25 của mỗi tháng", "ngày 20 của tháng"
    (
        "monthly_day",
        re.compile(
            r"ngay\s+(\d{1,2})\s+(?:(?:cua\s+)?(?:hang|moi|tung)\s+thang\b"
            r"|cua\s+thang\b(?!\s*(?:\d|cuoi|dau|truoc|sau|toi|nay)))"
        ),
    ),
    # "trước ngày 15 của tháng cuối quý", "ngày 10 tháng cuối của mỗi quý"
    (
        "quarterly_day",
        re.compile(
            rf"ngay\s+(\d{{1,2}})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?{_Q}\b"
        ),
    ),
    # "chậm nhất ngày 18 của tháng cuối kỳ báo cáo": the day of whichever
    # period the directive repeats on; alone, a person reads it
    (
        "period_day",
        re.compile(
            r"ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?ky(?:\s+bao\s+cao)?\b"
        ),
    ),
    (
        "dmy",
        re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/-]|\.\d)"),
    ),
    ("dmy_words", re.compile(rf"ngay\s+(\d{{1,2}})\s+thang\s+(\d{{1,2}}){_YEAR_TAIL}(?!\d)")),
    ("dm_words", re.compile(rf"ngay\s+(\d{{1,2}})\s+thang\s+(\d{{1,2}})(?!\d){_NO_YEAR_TAIL}")),
    ("dm", re.compile(r"(?<![\d/.-])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/-]|\.\d)(?!\s+nam\s+\d)")),
    # "6 tháng đầu năm", "9 tháng đầu năm 2023", "nửa cuối năm"
    (
        "months",
        re.compile(
            rf"(?<![\d-])(?:{_COUNT}\s+thang|nua)\s+(dau|cuoi)\s+nam(?:\s+{_YEAR})?(?![\d/])"
        ),
    ),
    # recurring, before any period pattern that could take part of them
    ("every_months", re.compile(rf"(?<![\d-]){_COUNT}\s+thang\s*(?:/\s*|mot\s+)lan\b")),
    (
        "every_months",
        re.compile(rf"\b(?:dinh\s+ky|hang|moi)\s+(?!nam\b){_COUNT}\s+thang\b(?!\s+(?:dau|cuoi))"),
    ),
    ("monthly", re.compile(rf"{_PER}(?:1\s+)?thang\b")),
    # \b: "tháng tháng" folds to "thang thang", which holds "hang thang"
    ("monthly", re.compile(r"\b(?:(?:dinh\s+ky\s+)?(?:hang|moi|tung)|dinh\s+ky)\s+thang\b")),
    ("monthly", re.compile(r"\bthang\s*(?:/\s*|mot\s+)lan\b")),
    ("quarterly", re.compile(rf"\b(?:(?:dinh\s+ky\s+)?(?:hang|moi|tung)|dinh\s+ky)\s+{_Q}\b")),
    ("quarterly", re.compile(rf"(?:{_PER}{_Q}|\b{_Q}\s*(?:/\s*|mot\s+)lan)\b")),
    ("yearly", re.compile(r"\b(?:(?:dinh\s+ky\s+)?(?:hang|moi|tung)|dinh\s+ky)\s+nam\b(?!\s+\d)")),
    ("weekly", re.compile(r"\b(?:(?:dinh\s+ky\s+)?(?:hang|moi|tung)|dinh\s+ky)\s+tuan\b")),
    ("quarter", re.compile(rf"{_Q}\s+(iv|iii|ii|i|[1-4])(?![a-z0-9])(?:{_YEAR_TAIL})?")),
    ("month", re.compile(rf"thang\s+(\d{{1,2}})(?!\d)(?:{_YEAR_TAIL}(?!\d)|{_NO_YEAR_TAIL})")),
    # "năm 2023-2024", "trong các năm 2023, 2024", "giai đoạn 2023 - 2025",
    # "từ năm 2025 - 2027"
    (
        "years",
        re.compile(
            rf"\b(?:nam|cac\s+nam|giai\s+doan)\s+{_YEAR}\s*(?:-|,|va)\s*(?:nam\s+)?{_YEAR}(?!\d)"
        ),
    ),
    ("year", re.compile(rf"\bnam\s+{_YEAR}(?!\d)")),
    ("year_this", re.compile(r"\b(?:cuoi|trong|het)\s+nam(?:\s+nay)?\b(?!\s+\d)")),
    ("ongoing", re.compile(r"\b(?:thuong\s+xuyen|lien\s+tuc|(?:hang|moi)\s+ngay)\b")),
    # "thứ Năm": read only beside "hằng tuần" ("lần thứ hai" is no weekday)
    (
        "weekday",
        re.compile(r"\bthu\s+(hai|ba|tu|nam|sau|bay|[2-7])\b(?!\s*[/.-]?\s*\d)|\bchu\s+nhat\b"),
    ),
    # a day with no month: "hằng tháng, trước ngày 25", "tháng 3/2023 (trước ngày 15)"
    ("day", re.compile(r"\bngay\s+(\d{1,2})(?!\d)(?!\s*[/.-]\s*\d)")),
    # "… và các năm tiếp theo": an open end a person has to read
    (
        "onward",
        re.compile(r"(?:\bva\s+)?\b(?:cac|nhung)\s+(?:nam|thang|qu[yi])\s+(?:tiep\s+theo|sau)\b"),
    ),
]

_RECURRING = {
    "weekly": Recurrence.WEEKLY,
    "monthly": Recurrence.MONTHLY,
    "monthly_day": Recurrence.MONTHLY,
    "quarterly": Recurrence.QUARTERLY,
    "quarterly_day": Recurrence.QUARTERLY,
    "half_yearly": Recurrence.HALF_YEARLY,
    "yearly": Recurrence.YEARLY,
}
_PERIOD_MONTHS = {
    Recurrence.WEEKLY: 0,
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.HALF_YEARLY: 6,
    Recurrence.YEARLY: 12,
}

# Words that tie the deadline to something the parser cannot date: an event
# ("trước Tết", "sau khi có kết quả"), a relative span ("trong 10 ngày", "quý
# tới"), a vague part of a period ("đầu năm 2023") or a time after a date
# ("sau ngày 15/3/2023"). Any of them makes the phrase a person's to read.
_ANCHORS = re.compile(
    r"\b(?:tet|dip|ngay\s+le|sau\s+khi|truoc\s+khi|khi\s+co|ngay\s+sau|ke\s+tu\s+ngay\s+nhan"
    rf"|(?!{_RELATIVE})(?:trong|sau)\s+(?:vong\s+)?\d+\s+(?:ngay|tuan|thang(?!\s+(?:dau|cuoi)\s+nam))"
    r"|(?<!thang )(?<!nua )(?:dau|giua)\s+(?:nam|qu[yi]|thang)"
    r"|(?:thang|qu[yi]|nam|tuan)\s+(?:toi|sau|truoc)(?!\s*\d)"
    r"|sau\s+ngay\s+\d+"
    # "Báo cáo 6 tháng gửi trước ngày 10/6": a standing rule of a report, most
    # likely yearly; too unsure to read as one date
    r"|bao\s+cao\s+(?:(?:6|sau|9|chin)\s+thang|qu[yi]|nam)(?!\s+(?:\d|nay|toi))"
    r")\b"
)
# Words that speak of time without a date: in a directive with no deadline
# they are the phrase a person has to read.
_VAGUE = re.compile(
    r"\b(?:som|kip\s+thoi|khan\s+truong|ngay\s+lap\s+tuc|truoc\s+tet\b[^,;.]*"
    r"|theo\s+quy\s+che(?:\s+lam\s+viec)?|(?:trong\s+)?thoi\s+gian\s+toi)"
)
# "thực hiện ngay": "ngay" as written (not "ngày"), checked on the original
_AT_ONCE = re.compile(r"\bngay\b(?!\s+(?:ca|tai|tu|trong|sau|khi|thang|lap)\b)")
_BEFORE = re.compile(r"truoc\s+(?:ngay\s+)?$")
_FROM = re.compile(r"\btu\s+(?:ngay\s+)?$")
_UNTIL = re.compile(r"\bden\s+(?:het\s+)?(?:ngay\s+)?$")


@dataclass
class _Token:
    kind: str
    start: int
    end: int
    number: int | None = None
    day: int | None = None
    year: int | None = None
    before: bool = False
    # "năm 2023-2024": the last year; "9 tháng đầu năm": how many months
    last_year: int | None = None
    months: int | None = None
    working_days: bool = False

    @property
    def recurrence(self) -> str:
        return _RECURRING.get(self.kind, "")

    @property
    def is_period(self) -> bool:
        return self.kind in {"date", "month", "quarter", "half", "year"}

    @property
    def deadline_kind(self) -> DeadlineKind:
        if self.kind == "half":
            return {3: DeadlineKind.QUARTER, 6: DeadlineKind.HALF, 12: DeadlineKind.YEAR}.get(
                self.months, DeadlineKind.MONTH
            )
        return _KINDS[self.kind]


def _scan(folded: str) -> list[_Token]:
    """Every deadline expression, longest first, none inside another."""
    tokens = []
    taken = [False] * len(folded)
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            token = _token(name, match, folded)
            if token is None:
                continue
            tokens.append(token)
            taken[start:end] = [True] * (end - start)
    return sorted(tokens, key=lambda token: token.start)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNTS[word]


def _token(name: str, match: re.Match, folded: str) -> _Token | None:
    start, end = match.span()
    before = bool(_BEFORE.search(folded[max(0, start - 16) : start]))
    groups = match.groups()
    if name in ("monthly_day", "quarterly_day", "period_day", "day"):
        return _Token(name, start, end, day=int(groups[0]))
    if name == "monthly_window":
        return _Token("monthly_day", start, end, day=int(groups[1]))
    if name == "relative":
        return _Token(name, start, end, number=int(groups[0]), working_days=bool(groups[1]))
    if name == "weekday":
        return _Token(name, start, end, day=_WEEKDAYS[groups[0]] if groups[0] else 7)
    if name == "dmy":
        return _Token(
            "date", start, end, day=int(groups[0]), number=int(groups[2]), year=int(groups[3])
        )
    if name == "dmy_words":
        return _Token(
            "date", start, end, day=int(groups[0]), number=int(groups[1]), year=int(groups[2])
        )
    if name in ("dm_words", "dm"):
        return _Token("date", start, end, day=int(groups[0]), number=int(groups[1]))
    if name == "months":
        months = _count(groups[0]) if groups[0] else 6
        if not 1 <= months <= 12:
            return None
        year = int(groups[2]) if groups[2] else None
        first = groups[1] == "dau"
        return _Token("half", start, end, number=1 if first else 2, year=year, months=months)
    if name == "every_months":
        # "2 tháng/lần" has no period this system can repeat: a person reads it
        return _Token(_EVERY_MONTHS.get(_count(groups[0]), "unread"), start, end)
    if name == "quarter":
        year = int(groups[1]) if groups[1] else None
        return _Token("quarter", start, end, number=_ROMAN[groups[0]], year=year, before=before)
    if name == "month":
        year = int(groups[1]) if groups[1] else None
        return _Token("month", start, end, number=int(groups[0]), year=year, before=before)
    if name == "years":
        first, last = int(groups[0]), int(groups[1])
        return _Token("year", start, end, year=first, last_year=last)
    if name == "year":
        return _Token("year", start, end, year=int(groups[0]), before=before)
    if name == "year_this":
        return _Token("year", start, end)
    if name == "onward":
        return _Token("unread", start, end)
    return _Token(name, start, end)


def _bounds(token: _Token, year: int | None) -> tuple[date | None, date] | None:
    """(period start, due date) of a dated expression; None when it cannot be dated."""
    year = token.year or year
    if year is None:
        return None
    try:
        if token.kind == "date":
            return None, date(year, token.number, token.day)
        if token.kind == "month":
            if token.before:
                first = date(year, token.number, 1)
                return None, date.fromordinal(first.toordinal() - 1)
            return date(year, token.number, 1), last_day(year, token.number)
        if token.kind == "quarter":
            start, end = quarter_bounds(year, token.number)
            if token.before:
                return None, date.fromordinal(start.toordinal() - 1)
            return start, end
        if token.kind == "half":
            if token.number == 1:
                return date(year, 1, 1), last_day(year, token.months)
            return date(year, 13 - token.months, 1), date(year, 12, 31)
        if token.kind == "year":
            if token.before:
                return None, date(year - 1, 12, 31)
            last = token.last_year or year
            if last < year:
                return None
            return date(year, 1, 1), date(last, 12, 31)
    except ValueError:
        return None
    return None


_KINDS = {
    "date": DeadlineKind.DATE,
    "month": DeadlineKind.MONTH,
    "quarter": DeadlineKind.QUARTER,
    "year": DeadlineKind.YEAR,
}


def parse_deadline(text: str, *, issued_on: date | None = None) -> ParsedDeadline:
    """Read one deadline phrase against the conclusion's issue date: its year
    stands in where the phrase gives none, and a reading due before it is
    flagged (a year-less one is moved to the next year first: "quý I" in a
    December conclusion means next year's)."""
    original = squash(normalise(text))
    if not original:
        return ParsedDeadline(text="", kind=DeadlineKind.NONE)
    unread = ParsedDeadline(text=original, kind=DeadlineKind.UNPARSED, needs_review=True)
    if len(original) > PHRASE_MAX_LENGTH:
        # longer than any deadline phrase (and than the field that keeps it):
        # a person reads it, and no time is spent on it
        return unread
    folded = fold_keeping_length(original)
    if _ANCHORS.search(folded):
        return unread
    tokens = _scan(folded)
    if any(token.kind == "unread" for token in tokens):
        return unread
    year = issued_on.year if issued_on else None
    reading = _read(tokens, folded, year, issued_on)
    if reading and issued_on and reading.due_date and reading.due_date < issued_on:
        if not any(token.year for token in tokens):
            reading = _read(tokens, folded, year + 1, issued_on) or reading
        reading = replace(reading, needs_review=True)
    if reading and _bare_year(tokens, folded):
        # "năm 2023" with no "trong", "trước", "hết": the year the work is
        # about as often as the year it is due by
        reading = replace(reading, needs_review=True)
    return replace(reading, text=original) if reading else unread


def _bare_year(tokens, folded) -> bool:
    dated = [token for token in tokens if token.kind != "weekday"]
    if len(dated) != 1 or dated[0].kind != "year" or dated[0].last_year or not dated[0].year:
        return False
    return not _YEAR_CUE.search(folded[max(0, dated[0].start - 12) : dated[0].start])


def _read(tokens, folded, year, issued_on) -> ParsedDeadline | None:
    relative = [token for token in tokens if token.kind == "relative"]
    if relative:
        return _relative(relative, tokens, issued_on)
    recurring = [token for token in tokens if token.recurrence]
    periods = [token for token in tokens if token.is_period]
    days = [token.day for token in tokens if token.kind == "day"]
    weekdays = {token.day for token in tokens if token.kind == "weekday"}
    period_days = [token for token in tokens if token.kind == "period_day"]
    if recurring:
        recurrences = {token.recurrence for token in recurring}
        if (weekdays and recurrences != {Recurrence.WEEKLY}) or len(weekdays) > 1:
            return None
        if recurrences == {Recurrence.WEEKLY}:
            return _weekly(recurring, periods, days + period_days, weekdays, year, issued_on)
        recurring += period_days
        return _recurring(recurring, periods, days, folded, year, issued_on)
    if period_days:
        # "ngày 18 của tháng cuối kỳ báo cáo" with no period to repeat on
        return None
    if any(token.kind == "ongoing" for token in tokens):
        return None if days else _ongoing(periods, year)
    return _period(periods, days, folded, year)


def _relative(relative, tokens, issued_on) -> ParsedDeadline | None:
    """ "trong 10 ngày kể từ ngày ký": calendar days from the notice's date;
    working days skip weekends, and are flagged (holidays are not known here)."""
    if issued_on is None or len(relative) > 1 or len(tokens) > 1:
        return None
    token = relative[0]
    if not token.working_days:
        return ParsedDeadline(
            text="", kind=DeadlineKind.DATE, due_date=issued_on + timedelta(days=token.number)
        )
    due, left = issued_on, token.number
    while left:
        due += timedelta(days=1)
        left -= due.isoweekday() <= 5
    return ParsedDeadline(text="", kind=DeadlineKind.DATE, due_date=due, needs_review=True)


def _weekly(recurring, periods, days, weekdays, year, issued_on) -> ParsedDeadline | None:
    """ "trước 16 giờ thứ Năm hằng tuần": from the notice's week to the end of
    its year, due on the weekday named (else the week's last day)."""
    if periods or days:
        return None
    weekday = next(iter(weekdays), None)
    if issued_on is None:
        if year is None:
            return None
        start = date(year, 1, 1)
    else:
        monday = issued_on - timedelta(days=issued_on.isoweekday() - 1)
        due = monday + timedelta(days=(weekday or 7) - 1)
        start = monday if due >= issued_on else monday + timedelta(days=7)
    end = date(start.year, 12, 31)
    return ParsedDeadline(
        text="",
        kind=DeadlineKind.RECURRING,
        period_start=start,
        due_date=end,
        recurrence=Recurrence.WEEKLY,
        recurrence_day=weekday,
        # the notice's year is nearly over: a person says whether it runs on
        needs_review=issued_on is not None and (end - start).days < 28,
    )


def _recurring(recurring, periods, days, folded, year, issued_on) -> ParsedDeadline | None:
    if len({token.recurrence for token in recurring if token.recurrence}) > 1:
        return None
    recurrence = next(token.recurrence for token in recurring if token.recurrence)
    # a lone "trước ngày 25" beside "hằng tháng" is the day of each month
    if days and recurrence != Recurrence.MONTHLY:
        return None
    days = {token.day for token in recurring if token.day} | set(days)
    if len(days) > 1:
        return None
    day = days.pop() if days else None
    if len(periods) > 1:
        return None
    needs_review = False
    if periods and recurrence == Recurrence.YEARLY and _in_the_year(periods[0], day):
        # "trước ngày 10/12 hằng năm", "Tháng 11 hằng năm": a day of the year
        period = periods[0]
        return _yearly_on(period.number, period.day or day, issued_on, year)
    if periods and periods[0].kind == "date" and periods[0].year and not day:
        first = _first_then_recurring(periods[0], recurrence, folded, issued_on)
        if first is not None:
            return first
    if periods:
        period = periods[0]
        bounds = _bounds(period, year)
        if bounds is None:
            return None
        start, end = bounds
        starts_in_words = bool(_FROM.search(folded[max(0, period.start - 10) : period.start]))
        if starts_in_words:
            # "hằng tháng, từ tháng 4/2023": from then to the year's end
            start = start or end
            end = date(start.year, 12, 31)
        elif start is None or period.kind in ("date", "month"):
            return None
        if issued_on:
            first = _first_period_due_after(recurrence, day, issued_on)
            if starts_in_words or first > end:
                # the words make an occurrence due before the conclusion: a person decides
                needs_review = first > start
            else:
                start = max(start, first)
    elif issued_on is not None:
        # No start in the words: from the conclusion's own period to the end of
        # that year. A December conclusion "hằng tháng" leaves one month: flagged.
        start = _first_period_due_after(recurrence, day, issued_on)
        end = date(start.year, 12, 31)
        months = _PERIOD_MONTHS[recurrence]
        needs_review = start.year > issued_on.year or (months < 12 and start.month + months > 12)
    elif year is not None:
        start, end = date(year, 1, 1), date(year, 12, 31)
    else:
        return None
    return ParsedDeadline(
        text="",
        kind=DeadlineKind.RECURRING,
        period_start=start,
        due_date=end,
        recurrence=recurrence,
        recurrence_day=day,
        needs_review=needs_review,
    )


def _in_the_year(period: _Token, day: int | None) -> bool:
    return (
        period.kind in ("date", "month")
        and period.year is None
        and not period.before
        and not (period.kind == "date" and day)
    )


def _yearly_on(month: int, day: int | None, issued_on, year) -> ParsedDeadline | None:
    def due_in(in_year: int) -> date:
        return date(in_year, month, day) if day else last_day(in_year, month)

    try:
        if issued_on is not None:
            start_year = (
                issued_on.year if due_in(issued_on.year) >= issued_on else issued_on.year + 1
            )
        elif year is not None:
            start_year = year
        else:
            return None
        due_in(start_year)
    except ValueError:
        return None
    return ParsedDeadline(
        text="",
        kind=DeadlineKind.RECURRING,
        period_start=date(start_year, 1, 1),
        due_date=date(start_year, 12, 31),
        recurrence=Recurrence.YEARLY,
        recurrence_day=day,
        recurrence_month=month,
        needs_review=issued_on is not None and start_year > issued_on.year,
    )


def _first_then_recurring(period, recurrence, folded, issued_on) -> ParsedDeadline | None:
    """ "trước ngày 10/10/2025 và hằng tháng": the first occurrence is the date,
    then one each period to the end of that year."""
    recurring_at = [m.start() for m in re.finditer(r"\b(?:hang|moi|dinh\s+ky)\b", folded)]
    if not recurring_at or not re.match(
        r"^[\s,;]*(?:(?:va|roi|sau\s+do)[\s,;]*)?$", folded[period.end : recurring_at[-1]]
    ):
        return None
    try:
        first = date(period.year, period.number, period.day)
    except ValueError:
        return None
    if recurrence == Recurrence.YEARLY:
        return _yearly_on(first.month, first.day, issued_on, first.year)
    months = _PERIOD_MONTHS[recurrence]
    first_month = (first.month - 1) // months * months + 1
    return ParsedDeadline(
        text="",
        kind=DeadlineKind.RECURRING,
        period_start=date(first.year, first_month, 1),
        due_date=date(first.year, 12, 31),
        recurrence=recurrence,
        recurrence_day=first.day,
        # "trước ngày 10/5 và hằng quý": the 10th of May is not in a
        # quarter's last month, so the other due days are a person's call
        needs_review=(first.month - first_month + 1) != months
        or bool(issued_on and first < issued_on),
    )


def _first_period_due_after(recurrence: str, day: int | None, issued_on: date) -> date:
    """Start of the first period of the recurrence whose due date is not
    before the conclusion: its own period, or the next when that is already due."""
    months = _PERIOD_MONTHS[recurrence]
    first_month = (issued_on.month - 1) // months * months + 1
    end = last_day(issued_on.year, first_month + months - 1)
    due = end.replace(day=min(day, end.day)) if day else end
    if due < issued_on:
        return end + timedelta(days=1)
    return date(issued_on.year, first_month, 1)


def _ongoing(periods, year) -> ParsedDeadline | None:
    # "thường xuyên trong năm 2023" says when it starts, never when it ends.
    if any(token.kind != "year" for token in periods) or len(periods) > 1:
        return None
    start = None
    if periods:
        bounds = _bounds(periods[0], year)
        if bounds is None:
            return None
        start = bounds[0]
    return ParsedDeadline(text="", kind=DeadlineKind.ONGOING, period_start=start)


def _period(periods, days, folded, year) -> ParsedDeadline | None:
    if not periods:
        return None
    if days:
        return _day_of_month(periods, days, year)
    if len(periods) == 2:
        return _two_periods(*periods, folded=folded, year=year)
    if len(periods) > 1:
        return None
    token = periods[0]
    if not token.last_year and _FROM.search(folded[max(0, token.start - 10) : token.start]):
        # "từ tháng 4/2023" alone gives a start and no end
        return None
    bounds = _bounds(token, year)
    if bounds is None:
        return None
    return ParsedDeadline(
        text="", kind=token.deadline_kind, period_start=bounds[0], due_date=bounds[1]
    )


def _day_of_month(periods, days, year) -> ParsedDeadline | None:
    # "tháng 3/2023 (trước ngày 15)": the 15th of that month
    if len(periods) != 1 or len(days) != 1:
        return None
    month = periods[0]
    if month.kind != "month" or month.before:
        return None
    month_year = month.year or year
    if month_year is None:
        return None
    try:
        due = date(month_year, month.number, days[0])
    except ValueError:
        return None
    return ParsedDeadline(text="", kind=DeadlineKind.DATE, due_date=due)


def _two_periods(first, second, *, folded, year) -> ParsedDeadline | None:
    # "từ ngày 01/4/2023 đến ngày 30/6/2023", "từ tháng 4 đến tháng 6/2023",
    # "Quý III/2024 - Quý I/2025"
    between = folded[first.end : second.start]
    ranged = _FROM.search(folded[max(0, first.start - 10) : first.start]) and _UNTIL.search(between)
    if ranged or (first.kind == second.kind and re.fullmatch(r"\s*-\s*", between)):
        second_bounds = _bounds(second, year)
        if second_bounds is None:
            return None
        first_bounds = _bounds(first, second.year or year)
        if first_bounds is None:
            return None
        start = first_bounds[0] or first_bounds[1]
        if start > second_bounds[1]:
            return None
        return ParsedDeadline(
            text="", kind=second.deadline_kind, period_start=start, due_date=second_bounds[1]
        )
    # "trong năm 2023, chậm nhất ngày 30/6/2023": the year only frames the date.
    years = [token for token in (first, second) if token.kind == "year" and not token.before]
    if len(years) == 1:
        other = second if years[0] is first else first
        year_bounds = _bounds(years[0], year)
        other_bounds = _bounds(other, years[0].year or year)
        if year_bounds and other_bounds and other_bounds[1].year == year_bounds[1].year:
            return ParsedDeadline(
                text="",
                kind=other.deadline_kind,
                period_start=other_bounds[0],
                due_date=other_bounds[1],
            )
    return None


# --- finding the phrase in a directive -------------------------------------

# Words that lead into a deadline and belong to its phrase.
# "đầu", "giữa", "dịp 2" belong to it too: cut off, "đầu tháng 02/2019" would
# read as the whole month and "dịp 2 tháng 9" as September.
_LEAD = re.compile(
    r"(?:\b(?:xong|truoc|trong|tu|den|het|cham\s+nhat|vao|ngay|cuoi|thoi\s+han|han"
    r"|dinh\s+ky|ke\s+tu|sau|dau|giua|dip(?:\s+\d{1,2})?|\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2})?"
    r")\s*:?\s+)+$"
)
# "Báo cáo 6 tháng gửi trước ngày 10/6": the report's words go with the date
_STANDING_REPORT = re.compile(
    r"\bbao\s+cao\s+(?:(?:6|sau|9|chin)\s+thang|qu[yi]|nam)\b[^.;:\d]{0,30}$"
)
# "các nhiệm vụ được giao trong năm 2025" says when tasks were given
_GIVEN_IN = re.compile(r"\bgiao\s+(?:trong\s+|tu\s+)?$")
# "Chỉ số CCHC năm 2022", "kết quả năm 2022": the year names the results
_NAMED_YEAR = re.compile(r"\b(?:chi\s+so|cchc|par\s+index|ket\s+qua|bao\s+cao)\b[^.;]{0,40}$")
# A date that names a document ("Kế hoạch số 12/KH-STP ngày 15/01/2023 của …").
_REFERENCE_BEFORE = re.compile(r"(?:\d+/[a-z0-9-]*[a-z][a-z0-9-]*|ban\s+hanh)\s+(?:ngay\s+)?$")
_REFERENCE_AFTER = re.compile(r"^\s+(?:cua|ve\s+viec|v/v)\b")
# A year is a deadline only when led into as one ("trong năm 2023"); "Chỉ
# số CCHC năm 2022" names the results, not a date.
_YEAR_CUE = re.compile(r"\b(?:trong|truoc|het|cuoi|den|xong|ca|tu)\s+$")
# One class reads the separators, so a long run of ", " cannot be split in
# many ways (10,000 characters took 2.6 s when commas were in both).
_JOIN = re.compile(r"^[\s,;:(]*(?:(?:va|hoac|den|cua|-)[\s,;:(]*)*$")
_CLOSE = re.compile(r"^\s*\)")
PHRASE_MAX_LENGTH = 255


def find_deadline_phrase(text: str) -> str:
    """The words of a directive that say when it is due ("" when none).

    Several separate expressions come back joined by "; " so that
    parse_deadline sees them all (and flags them when they disagree).
    """
    original = normalise(text)
    folded = fold_keeping_length(original)
    spans, bare_years = [], []
    tokens = _scan(folded)
    weekly = any(token.kind == "weekly" for token in tokens)
    for token in tokens:
        if token.kind == "date" and _is_reference(folded, token):
            continue
        if token.kind == "weekday" and not weekly:
            continue
        cue = folded[max(0, token.start - 12) : token.start]
        if token.kind == "year" and token.year:
            if _GIVEN_IN.search(folded[max(0, token.start - 20) : token.start]):
                continue
            if not _YEAR_CUE.search(cue):
                if not _NAMED_YEAR.search(folded[max(0, token.start - 60) : token.start]):
                    bare_years.append([token.start, token.end])
                continue
        lead = _LEAD.search(folded[max(0, token.start - 40) : token.start])
        if token.kind in ("date", "day") and token.year is None and lead is None:
            # "16/18" is a rank, "14/74" a score: a day without a year counts
            # only when led into as a deadline ("trước 31/3").
            continue
        start = token.start - (len(lead.group(0)) if lead else 0)
        if token.kind in ("date", "day") and token.year is None:
            report = _STANDING_REPORT.search(folded[max(0, start - 60) : start])
            start -= len(report.group(0)) if report else 0
        spans.append([start, token.end])
    if not spans:
        # Never a silent "no deadline" when the words speak of time: the
        # phrase is kept for parse_deadline, which flags what it cannot read.
        vague = _VAGUE.search(folded) or _ANCHORS.search(folded) or _at_once(original, folded)
        if vague is None:
            return squash(original[slice(*bare_years[0])]) if bare_years else ""
        lead = _LEAD.search(folded[max(0, vague.start() - 40) : vague.start()])
        start = vague.start() - (len(lead.group(0)) if lead else 0)
        return squash(original[start : vague.end()])
    clusters = [spans[0]]
    for start, end in spans[1:]:
        if start <= clusters[-1][1] or _JOIN.match(folded[clusters[-1][1] : start]):
            clusters[-1][1] = max(end, clusters[-1][1])
        else:
            clusters.append([start, end])
    for cluster in clusters:
        # "tháng 3/2023 (trước ngày 15)" keeps its closing bracket
        words = original[cluster[0] : cluster[1]]
        close = _CLOSE.match(folded[cluster[1] :])
        if close and words.count("(") > words.count(")"):
            cluster[1] += close.end()
    phrase = "; ".join(squash(original[start:end]) for start, end in clusters)
    return phrase[:PHRASE_MAX_LENGTH]


def _at_once(original: str, folded: str) -> re.Match | None:
    for found in _AT_ONCE.finditer(folded):
        if original[found.start() : found.end()].lower() == "ngay":
            return found
    return None


def _is_reference(folded: str, token: _Token) -> bool:
    return bool(
        _REFERENCE_BEFORE.search(folded[max(0, token.start - 40) : token.start])
        or _REFERENCE_AFTER.match(folded[token.end : token.end + 12])
    )


# --- the reading in words --------------------------------------------------


def _weekday_name(day: int) -> str:
    names = [_("thứ Hai"), _("thứ Ba"), _("thứ Tư"), _("thứ Năm"), _("thứ Sáu"), _("thứ Bảy")]
    return names[day - 1] if 1 <= day <= 6 else _("Chủ nhật")


def describe_deadline(deadline: ParsedDeadline) -> str:
    kind = DeadlineKind(deadline.kind)
    if kind == DeadlineKind.NONE:
        return _("Không nêu thời hạn")
    if kind == DeadlineKind.UNPARSED:
        return _("Chưa đọc được – cần nhập tay")
    if kind == DeadlineKind.ONGOING:
        if deadline.period_start:
            return _("Thường xuyên từ %(start)s, không có hạn; rà soát hằng quý") % {
                "start": vn_date(deadline.period_start)
            }
        return _("Thường xuyên, không có hạn; rà soát hằng quý")
    if kind == DeadlineKind.RECURRING:
        label = Recurrence(deadline.recurrence).label if deadline.recurrence else kind.label
        if deadline.recurrence == Recurrence.WEEKLY and deadline.recurrence_day:
            label = _("%(label)s, hạn %(weekday)s") % {
                "label": label,
                "weekday": _weekday_name(deadline.recurrence_day),
            }
        elif deadline.recurrence_month and deadline.recurrence_day:
            label = _("%(label)s, hạn ngày %(day)s/%(month)s") % {
                "label": label,
                "day": deadline.recurrence_day,
                "month": deadline.recurrence_month,
            }
        elif deadline.recurrence_month:
            label = _("%(label)s, hạn cuối tháng %(month)s") % {
                "label": label,
                "month": deadline.recurrence_month,
            }
        elif deadline.recurrence_day:
            label = _("%(label)s, hạn ngày %(day)s của kỳ") % {
                "label": label,
                "day": deadline.recurrence_day,
            }
        if deadline.period_start and deadline.due_date:
            return _("%(label)s, từ %(start)s đến %(end)s") % {
                "label": label,
                "start": vn_date(deadline.period_start),
                "end": vn_date(deadline.due_date),
            }
        return str(label)
    if deadline.due_date is None:
        return str(kind.label)
    if deadline.period_start:
        return _("%(kind)s: từ %(start)s, hạn %(end)s") % {
            "kind": kind.label,
            "start": vn_date(deadline.period_start),
            "end": vn_date(deadline.due_date),
        }
    return _("%(kind)s: hạn %(end)s") % {"kind": kind.label, "end": vn_date(deadline.due_date)}
