"""Measurable targets inside a directive: "trên 60% tổng hồ sơ được số hóa".

A target is a number with a unit (a percentage, "bài/tháng", điểm, bậc) and
how it compares ("trên" >, "không dưới" ≥, "không quá" ≤). A range "1-2
bài/tháng" asks for at least its lower bound. A bare percentage ("100% hồ
sơ") is a level to reach (≥). Counts in points or ranks need a comparing word:
"61,14/74,00 điểm" in a notice reports a result, it sets no target.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from conclusions.models import Comparator
from tracker.text import fold_keeping_length, normalise, squash

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
    r"|\s+(?P<per>[a-z]+(?:\s+[a-z]+)?\s*/\s*(?:thang|quy|nam|tuan))\b"
    r"|\s+(?P<count>diem|bac)\b)"
)
_CLAUSE_END = re.compile(r"[,;:()]|\.(?!\d)|\s-\s|$")
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


def find_indicator(text: str) -> Indicator | None:
    """The first measurable target in the text, or None."""
    original = normalise(text)
    folded = fold_keeping_length(original)
    for match in _PATTERN.finditer(folded):
        comparator = _comparator(match.group("cmp") and squash(match.group("cmp")))
        if match.group("count") and comparator is None:
            continue
        if match.group("pct"):
            unit = "%"
        else:
            unit_span = match.span("per") if match.group("per") else match.span("count")
            unit = re.sub(r"\s*/\s*", "/", squash(original[slice(*unit_span)]))
        target = Decimal(match.group("num").replace(",", "."))
        start = match.start()
        end = _CLAUSE_END.search(folded, match.end()).start()
        phrase = squash(original[start:end])[:PHRASE_MAX_LENGTH]
        return Indicator(
            phrase=phrase,
            comparator=comparator or Comparator.AT_LEAST,
            target=target,
            unit=unit,
        )
    return None
