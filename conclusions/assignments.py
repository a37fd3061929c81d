"""What a directive asks of whom and by when: one entry per unit and occurrence.

"Every office" and "every commune" become the issuing agency's units;
recurring deadlines become one occurrence per period ("2023-03", "2023-Q2",
"2023-H1", "2023", a week "2023-W05"). The tasks feature turns each entry into a task.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from conclusions.deadlines import half_bounds, last_day, quarter_bounds
from conclusions.models import Assignment as DirectiveAssignment
from conclusions.models import Conclusion, DeadlineKind, Directive, Recurrence
from tracker.models import Unit, UnitKind


@dataclass(frozen=True)
class Assignment:
    unit: Unit
    due_date: date | None
    period_start: date | None
    occurrence: str
    ongoing: bool


@dataclass(frozen=True)
class _Occurrence:
    key: str
    period_start: date | None
    due_date: date | None
    ongoing: bool = False


ROMAN_QUARTERS = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def occurrence_label(key: str) -> str:
    """How a person names an occurrence: "2023-03" → "tháng 3/2023", "2023-Q2" →
    "quý II/2023", "2023-H1" → "6 tháng đầu năm 2023", "2023" → "năm 2023"."""
    year, _sep, part = key.partition("-")
    if part.startswith("W"):
        return _("tuần %(week)s/%(year)s") % {"week": int(part[1:]), "year": year}
    if not part:
        return _("năm %(year)s") % {"year": year}
    if part.startswith("Q"):
        return _("quý %(quarter)s/%(year)s") % {
            "quarter": ROMAN_QUARTERS[part[1:]],
            "year": year,
        }
    if part == "H1":
        return _("6 tháng đầu năm %(year)s") % {"year": year}
    if part == "H2":
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    return _("tháng %(month)s/%(year)s") % {"month": int(part), "year": year}


GROUP_KINDS = {"every_office": UnitKind.OFFICE, "every_commune": UnitKind.COMMUNE}


def group_units(*, conclusion_id: int) -> list[Unit]:
    """The issuing agency's active offices and communes: the units behind
    "every office" and "every commune" of the conclusion's directives."""
    return list(
        Unit.objects.filter(
            parent__conclusions__id=conclusion_id,
            kind__in=GROUP_KINDS.values(),
            is_active=True,
        )
    )


def directive_units(directive: Directive, *, groups: list[Unit] | None = None) -> list[Unit]:
    """The units named on the directive plus the agency's offices or communes
    when it is given to every one of them. `groups` is group_units() read
    once for many directives; without it a directive for every office or
    commune reads them itself."""
    units = {unit.pk: unit for unit in directive.units.all()}
    kinds = {kind for flag, kind in GROUP_KINDS.items() if getattr(directive, flag)}
    if kinds:
        if groups is None:
            groups = group_units(conclusion_id=directive.conclusion_id)
        for unit in groups:
            if unit.kind in kinds:
                units.setdefault(unit.pk, unit)
    return sorted(units.values(), key=lambda unit: (unit.sort_order, unit.name, unit.pk))


def directive_assignments(
    directive: Directive, *, groups: list[Unit] | None = None
) -> list[Assignment]:
    """Nothing for a directive still to be given to units (it waits for a
    person) or kept for information."""
    if directive.assignment != DirectiveAssignment.ASSIGNED:
        return []
    occurrences = _occurrences(directive)
    return [
        Assignment(
            unit=unit,
            due_date=occurrence.due_date,
            period_start=occurrence.period_start,
            occurrence=occurrence.key,
            ongoing=occurrence.ongoing,
        )
        for unit in directive_units(directive, groups=groups)
        for occurrence in occurrences
    ]


def conclusion_assignments(conclusion: Conclusion) -> list[tuple[Directive, list[Assignment]]]:
    """Every directive of the conclusion in order, with its supervisor, units
    and assignments: at most three queries however many directives there are."""
    directives = list(conclusion.directives.select_related("supervisor").prefetch_related("units"))
    wanted = any(d.every_office or d.every_commune for d in directives)
    groups = group_units(conclusion_id=conclusion.pk) if wanted else []
    for directive in directives:
        directive.conclusion = conclusion
    return [
        (directive, directive_assignments(directive, groups=groups)) for directive in directives
    ]


def _occurrences(directive: Directive) -> list[_Occurrence]:
    kind = directive.deadline_kind
    if kind == DeadlineKind.ONGOING:
        return [_Occurrence("", directive.period_start, None, ongoing=True)]
    if kind == DeadlineKind.RECURRING and directive.period_start and directive.due_date:
        return _recurring(directive)
    if kind in (DeadlineKind.UNPARSED, DeadlineKind.NONE, DeadlineKind.RECURRING):
        # A person sets the date: nothing is made up here.
        return [_Occurrence("", None, None)]
    return [_Occurrence("", directive.period_start, directive.due_date)]


def _weekly(directive: Directive) -> list[_Occurrence]:
    """One occurrence per ISO week from the start to the end, due on the
    weekday the words name (else the week's Sunday)."""
    start, end = directive.period_start, directive.due_date
    monday = start - timedelta(days=start.isoweekday() - 1)
    occurrences = []
    while monday <= end:
        due = monday + timedelta(days=(directive.recurrence_day or 7) - 1)
        if due >= start:
            year, week, _day = monday.isocalendar()
            occurrences.append(_Occurrence(f"{year}-W{week:02d}", max(monday, start), due))
        monday += timedelta(days=7)
    return occurrences


def _recurring(directive: Directive) -> list[_Occurrence]:
    start, end = directive.period_start, directive.due_date
    if directive.recurrence == Recurrence.WEEKLY:
        return _weekly(directive)
    periods = []
    for year in range(start.year, end.year + 1):
        if directive.recurrence == Recurrence.MONTHLY:
            periods += [
                (f"{year}-{month:02d}", date(year, month, 1), last_day(year, month))
                for month in range(1, 13)
            ]
        elif directive.recurrence == Recurrence.QUARTERLY:
            periods += [(f"{year}-Q{q}", *quarter_bounds(year, q)) for q in range(1, 5)]
        elif directive.recurrence == Recurrence.HALF_YEARLY:
            periods += [(f"{year}-H{h}", *half_bounds(year, h)) for h in (1, 2)]
        else:
            # "trước ngày 25 tháng 11 hằng năm": due in that month of the year
            periods.append(
                (str(year), date(year, 1, 1), last_day(year, directive.recurrence_month or 12))
            )
    return [
        _Occurrence(key, max(first, start), _due(last, directive.recurrence_day))
        for key, first, last in periods
        if last >= start and first <= end
    ]


def _due(period_end: date, day: int | None) -> date:
    """The period's last day, or the given day of its last month (clamped)."""
    if not day:
        return period_end
    return period_end.replace(day=min(day, period_end.day))
