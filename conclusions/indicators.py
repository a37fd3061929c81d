"""Measurable targets inside a directive: "trên 60% tổng hồ sơ được số hóa".

A target is a number with a unit (a percentage, "bài/tháng", điểm, bậc) and
how it compares ("trên" >, "không dưới" ≥, "không quá" ≤). A range "1-2
bài/tháng" asks for at least its lower bound. A bare percentage ("100% hồ
sơ") is a level to reach (≥). Counts in points or ranks need a comparing word:
"61,14/74,00 điểm" in a conclusion reports a result, it sets no target.

Conclusions report results beside targets ("năm 2022 đạt 78,92%, năm 2023 phấn
đấu trên 85%"): a number set by a target's words ("phấn đấu", "bảo đảm",
"trên", "không dưới" …) wins over a bare "đạt X%", an "đạt X%" of a year
before the conclusion is a result, and "tăng 10% so với …" is a change, not a level.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format

from conclusions.models import Comparator
from tracker.lib.text import fold_keeping_length, normalise, squash

_COMPARATORS = [
    (r"khong\s+duoi|toi\s+thieu|it\s+nhat|dat|tu|bao\s+dam|dam\s+bao", Comparator.AT_LEAST),
    (r"khong\s+vuot\s+qua|khong\s+qua|toi\s+da", Comparator.AT_MOST),
    (r"tren|cao\s+hon|lon\s+hon|vuot", Comparator.ABOVE),
    (r"duoi|thap\s+hon|nho\s+hon", Comparator.BELOW),
]
_NUMBER = r"\d+(?:[.,]\d+)?"
_PATTERN = re.compile(
    r"(?:\b(?P<cmp>"
    + "|".join(words for words, _comparator in _COMPARATORS)
    + rf")\s+)?(?<![\d.,/])(?P<num>{_NUMBER})(?:\s*-\s*(?P<num2>{_NUMBER}))?"
    r"(?:\s*(?P<pct>%)"
    r"|\s+(?P<per>[a-z]+(?:(?:\s*,\s*|\s+)[a-z]+)?\s*/\s*(?:thang|qu[yi]|nam|tuan))\b"
    r"|\s+(?P<count>diem|bac)\b)"
)
_CLAUSE_END = re.compile(r"[,;:()\n]|\.(?!\d)|\s-\s|$")
# Comparing words that only report ("đạt") or open a range ("từ"); a bare
# number is as weak.
_WEAK = {"dat", "tu"}
_TARGET_CUE = re.compile(r"\b(?:phan\s+dau|chi\s+tieu|muc\s+tieu)\b[^.;]*$")
_RESULT_YEAR = re.compile(r"\bnam\s+((?:19|20)\d{2})\b[^.;]*$")
_CHANGE_BEFORE = re.compile(r"\b(?:tang|giam)\s+(?:them\s+)?(?:khoang\s+)?$")
_CHANGE_AFTER = re.compile(r"^\s*so\s+voi\b")
PHRASE_MAX_LENGTH = 255


@dataclass(frozen=True)
class Indicator:
    phrase: str
    comparator: str
    target: Decimal
    unit: str

    def describe(self) -> str:
        return describe_indicator(self.comparator, self.target, self.unit)


def describe_indicator(comparator: str, target: Decimal | None, unit: str) -> str:
    """ "trên 60%", "không dưới 1 bài/tháng", with the locale's decimal comma."""
    if target is None:
        return ""
    number = number_format(Decimal(f"{target.normalize():f}"))
    label = Comparator(comparator).label if comparator else ""
    return squash(f"{label} {number}{unit if unit == '%' else ' ' + unit}")


def _comparator(words: str | None) -> str | None:
    if not words:
        return None
    for pattern, comparator in _COMPARATORS:
        if re.fullmatch(pattern, words):
            return comparator
    return None


def find_indicator(text: str, *, issued_on: date | None = None) -> Indicator | None:
    """The target in the text, or None: the first set by a target's words,
    else the first level that is neither a reported result nor a change."""
    original = normalise(text)
    folded = fold_keeping_length(original)
    levels = []
    for match in _PATTERN.finditer(folded):
        words = squash(match.group("cmp")) if match.group("cmp") else ""
        comparator = _comparator(words)
        if match.group("count") and comparator is None:
            continue
        before = folded[max(0, match.start() - 60) : match.start()]
        if _CHANGE_AFTER.match(folded[match.end() :]) or (
            not words and _CHANGE_BEFORE.search(before)
        ):
            continue
        if (words and words not in _WEAK) or _TARGET_CUE.search(before):
            return _indicator(match, original, folded, comparator)
        if not _is_result(before, issued_on):
            levels.append((match, comparator))
    if levels:
        match, comparator = levels[0]
        return _indicator(match, original, folded, comparator)
    return None


def _is_result(before: str, issued_on: date | None) -> bool:
    year = _RESULT_YEAR.search(before)
    return bool(year and issued_on and int(year.group(1)) < issued_on.year)


def _indicator(match: re.Match, original: str, folded: str, comparator: str | None) -> Indicator:
    if match.group("pct"):
        unit = "%"
    else:
        unit_span = match.span("per") if match.group("per") else match.span("count")
        unit = re.sub(r"\s*/\s*", "/", squash(original[slice(*unit_span)]))
    end = _CLAUSE_END.search(folded, match.end()).start()
    return Indicator(
        phrase=squash(original[match.start() : end])[:PHRASE_MAX_LENGTH],
        comparator=comparator or Comparator.AT_LEAST,
        target=Decimal(match.group("num").replace(",", ".")),
        unit=unit,
    )
