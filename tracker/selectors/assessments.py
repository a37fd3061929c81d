"""Reads of assessments shared by pages, exports, tasks, Word reports and dashboards.

The system computes totals itself: a node's score is its own appraised score,
or, when it has none, the sum of its children's; the total is the sum of the
areas (level 1) and the percentage is the total over the areas' maxima. The
published total is kept beside it and a difference is shown, never corrected.

Points lost follow one rule, `effective_lost`, and `lost_points` is the only
answer to "which criteria lost how many points" for pages, exports, task
generation, reports and dashboards.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, FilteredRelation, Max, OuterRef, Q, QuerySet

from tracker.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    Index,
    Score,
    Target,
    TaskCriterion,
    Unit,
    UnitKind,
    User,
)
from tracker.models.assessments import criterion_parent_code, criterion_sort_key, points_lost
from tracker.permissions import result_units_visible_to, units_for_results_import

CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(value: Decimal | None, maximum: Decimal | None) -> Decimal | None:
    """Percentage cut (not rounded) to two decimals, as published: 55.25 of 70 is 78.92 %."""
    if value is None or not maximum:
        return None
    return (value * 100 / maximum).quantize(CENT, rounding=ROUND_DOWN)


def _tree(codes: Iterable[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Every code with its missing ancestors, deepest first, and each code's children."""
    codes = set(codes)
    for code in list(codes):
        parent = criterion_parent_code(code)
        while parent and parent not in codes:
            codes.add(parent)
            parent = criterion_parent_code(parent)
    children: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        parent = criterion_parent_code(code)
        if parent:
            children[parent].append(code)
    return sorted(codes, key=lambda code: code.count("."), reverse=True), children


def _from_children(own: Mapping[str, Decimal | None]) -> dict[str, Decimal | None]:
    """Each code's own value, or the sum of its children's known values (None if none)."""
    deepest_first, children = _tree(own)
    result: dict[str, Decimal | None] = {}
    for code in deepest_first:
        value = own.get(code)
        if value is None:
            known = [result[kid] for kid in children[code] if result[kid] is not None]
            value = sum(known, Decimal(0)) if known else None
        result[code] = value
    return result


def effective_scores(own: Mapping[str, Decimal | None]) -> dict[str, Decimal | None]:
    """Every code's score: its own, or the sum of its children's when it has none.

    `own` maps each known code to its own score (None when not given); ancestors
    missing from it are added so a tree given by its leaves still adds up.
    """
    return _from_children(own)


def effective_lost(
    maxima: Mapping[str, Decimal], own: Mapping[str, Decimal | None]
) -> dict[str, Decimal | None]:
    """Points lost by every code: the rule every page, export and generation uses.

    A criterion with its own appraised score lost its maximum minus that score.
    One without a score of its own lost what its appraised children lost, and a
    child not yet appraised counts as nothing lost, not as its whole maximum: an
    area of 5 whose 1.1 scored 1 of 2 and whose 1.2 is unscored has lost 1, not
    4. A criterion with nothing appraised below it has no figure (None).
    """
    return _from_children(
        {
            code: None if own.get(code) is None else points_lost(maxima[code], own[code])
            for code in maxima
        }
    )


@dataclass
class NodeResult:
    """One criterion of a result: maximum, scores (own or computed) and what was lost."""

    code: str
    name: str
    max_score: Decimal
    self_score: Decimal | None = None
    appraised_score: Decimal | None = None
    # False when the appraised score was computed from the children.
    own_score: bool = False
    criterion: Criterion | None = None
    lost: Decimal | None = None

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def area_code(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def sort_key(self) -> str:
        return criterion_sort_key(self.code)

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.appraised_score, self.max_score)


@dataclass
class Totals:
    total: Decimal | None
    self_total: Decimal | None
    max_total: Decimal
    lost: Decimal | None = None

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.total, self.max_total)


def tree_results(
    items: Iterable[tuple[str, str, Decimal, Decimal | None, Decimal | None, Criterion | None]],
) -> list[NodeResult]:
    """(code, name, max, self, appraised, criterion) items as computed nodes in tree order."""
    items = list(items)
    own = {code: value for code, _n, _m, _s, value, _c in items}
    appraised = effective_scores(own)
    lost = effective_lost({code: max_score for code, _n, max_score, *_rest in items}, own)
    self_scores = effective_scores({code: value for code, _n, _m, value, _a, _c in items})
    nodes = [
        NodeResult(
            code=code,
            name=name,
            max_score=max_score,
            self_score=self_scores.get(code),
            appraised_score=appraised.get(code),
            own_score=own_score is not None,
            criterion=criterion,
            lost=lost.get(code),
        )
        for code, name, max_score, _self, own_score, criterion in items
    ]
    nodes.sort(key=lambda node: node.sort_key)
    return nodes


def totals_of(nodes: Iterable[NodeResult]) -> Totals:
    areas = [node for node in nodes if node.level == 1]
    scored = [node.appraised_score for node in areas if node.appraised_score is not None]
    self_scored = [node.self_score for node in areas if node.self_score is not None]
    lost = [node.lost for node in areas if node.lost is not None]
    return Totals(
        total=sum(scored, Decimal(0)) if scored else None,
        self_total=sum(self_scored, Decimal(0)) if self_scored else None,
        max_total=sum((node.max_score for node in areas), Decimal(0)),
        lost=sum(lost, Decimal(0)) if lost else None,
    )


def published_difference(published: Decimal | None, computed: Decimal | None) -> Decimal | None:
    """Published minus computed total, when both exist and differ (61.14 − 60.91 = 0.23)."""
    if published is None or computed is None or published == computed:
        return None
    return published - computed


# -- one assessment -----------------------------------------------------------


def assessment_tree(*, assessment: Assessment) -> list[NodeResult]:
    """Every criterion of the assessment's set in tree order, with own or computed
    scores (one query: the criteria joined to this assessment's scores)."""
    criteria = Criterion.objects.filter(criteria_set_id=assessment.criteria_set_id).annotate(
        result=FilteredRelation("scores", condition=Q(scores__assessment=assessment)),
        own_self_score=F("result__self_score"),
        own_appraised_score=F("result__appraised_score"),
    )
    return tree_results(
        (c.code, c.name, c.max_score, c.own_self_score, c.own_appraised_score, c) for c in criteria
    )


def lost_by_assessment(assessment_ids: Iterable[int]) -> dict[int, dict[str, Decimal | None]]:
    """`effective_lost` by code for each of several assessments that has scores,
    in two queries whatever their number (a page of tasks remedies a dozen)."""
    assessments = Assessment.objects.filter(pk__in=list(assessment_ids))
    own: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    set_of: dict[int, int] = {}
    for assessment_id, set_id, code, appraised in (
        Score.objects.filter(assessment__in=assessments)
        .order_by()
        .values_list(
            "assessment_id", "assessment__criteria_set_id", "criterion__code", "appraised_score"
        )
    ):
        own[assessment_id][code] = appraised
        set_of[assessment_id] = set_id
    maxima: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for set_id, code, max_score in (
        Criterion.objects.filter(criteria_set_id__in=assessments.values("criteria_set_id"))
        .order_by()
        .values_list("criteria_set_id", "code", "max_score")
    ):
        maxima[set_id][code] = max_score
    return {pk: effective_lost(maxima[set_of[pk]], scores) for pk, scores in own.items()}


@dataclass
class AssessmentSummary:
    assessment: Assessment
    nodes: list[NodeResult]
    totals: Totals
    difference: Decimal | None

    @property
    def areas(self) -> list[NodeResult]:
        return [node for node in self.nodes if node.level == 1]

    @property
    def published_total(self) -> Decimal | None:
        return self.assessment.published_total

    @property
    def published_percent(self) -> Decimal | None:
        return percent_of(self.assessment.published_total, self.totals.max_total)


def assessment_summary(*, assessment: Assessment) -> AssessmentSummary:
    """Computed totals, areas and the difference from the published total."""
    nodes = assessment_tree(assessment=assessment)
    totals = totals_of(nodes)
    return AssessmentSummary(
        assessment=assessment,
        nodes=nodes,
        totals=totals,
        difference=published_difference(assessment.published_total, totals.total),
    )


def assessment_for(*, unit: Unit, criteria_set: CriteriaSet) -> Assessment | None:
    """The unit's result on that set, once it is imported."""
    return Assessment.objects.filter(unit=unit, criteria_set=criteria_set).first()


def assessment_for_reimport(
    *, user: User, unit_id: int, index_code: str, year: int
) -> Assessment | None:
    """The result "Nhập lại từ tệp" points at, when the user may import for its unit."""
    return Assessment.objects.filter(
        unit__in=units_for_results_import(user),
        unit_id=unit_id,
        criteria_set__index__code=index_code,
        criteria_set__year=year,
    ).first()


def unit_has_communes(*, unit: Unit) -> bool:
    return unit.children.filter(kind=UnitKind.COMMUNE).exists()


def previous_assessment(*, assessment: Assessment) -> Assessment | None:
    """The same unit's result on the same index the year before."""
    criteria_set = assessment.criteria_set
    return (
        Assessment.objects.filter(
            unit_id=assessment.unit_id,
            criteria_set__index_id=criteria_set.index_id,
            criteria_set__year=criteria_set.year - 1,
        )
        .select_related("criteria_set")
        .first()
    )


@dataclass
class LostPoint:
    """A criterion that lost points, beside the same code the year before."""

    criterion: Criterion | None
    code: str
    name: str
    area_code: str
    area_name: str
    max_score: Decimal
    self_score: Decimal | None
    appraised_score: Decimal
    lost: Decimal
    previous_max: Decimal | None = None
    previous_appraised: Decimal | None = None
    previous_lost: Decimal | None = None

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def sort_key(self) -> str:
        return criterion_sort_key(self.code)

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.appraised_score, self.max_score)

    @property
    def change(self) -> Decimal | None:
        """Points gained (+) or dropped (−) on this criterion since last year."""
        if self.previous_appraised is None:
            return None
        return self.appraised_score - self.previous_appraised


def lost_points(
    *,
    assessment: Assessment,
    area: str | None = None,
    level: int | None = None,
    with_previous: bool = True,
) -> list[LostPoint]:
    """Every criterion that lost points (`effective_lost`), most points lost first.

    `area` keeps one area's subtree (by code), `level` one level of the tree;
    `with_previous` adds the same criterion's result the year before.
    """
    nodes = assessment_tree(assessment=assessment)
    area_names = {node.code: node.name for node in nodes if node.level == 1}
    before = previous_assessment(assessment=assessment) if with_previous else None
    previous = {node.code: node for node in assessment_tree(assessment=before)} if before else {}
    rows = []
    for node in nodes:
        if node.lost is None or node.lost <= 0:
            continue
        if (area is not None and node.area_code != area) or (
            level is not None and node.level != level
        ):
            continue
        last = previous.get(node.code)
        rows.append(
            LostPoint(
                criterion=node.criterion,
                code=node.code,
                name=node.name,
                area_code=node.area_code,
                area_name=area_names.get(node.area_code, ""),
                max_score=node.max_score,
                self_score=node.self_score,
                appraised_score=node.appraised_score,
                lost=node.lost,
                previous_max=last.max_score if last else None,
                previous_appraised=last.appraised_score if last else None,
                previous_lost=last.lost if last else None,
            )
        )
    rows.sort(key=lambda row: (-row.lost, row.sort_key))
    return rows


def deepest_lost_points(*, assessment: Assessment) -> list[LostPoint]:
    """The criteria of `lost_points` with no losing criterion below them, most
    points first: the ones a task can remedy, since an area's loss is its
    children's (generation makes one task for each)."""
    rows = lost_points(assessment=assessment, with_previous=False)
    deepest = deepest_codes(row.code for row in rows)
    return [row for row in rows if row.code in deepest]


def deepest_codes(losing: Iterable[str]) -> set[str]:
    """Of the codes that lost points, those with no losing code below them."""
    losing = set(losing)
    covered = {
        ".".join(code.split(".")[:depth])
        for code in losing
        for depth in range(1, code.count(".") + 1)
    }
    return losing - covered


# -- many assessments at once -------------------------------------------------


@dataclass
class AssessmentResult:
    """An assessment's computed total and area scores, for lists and comparisons."""

    assessment: Assessment
    totals: Totals
    areas: dict[str, NodeResult] = field(default_factory=dict)

    @property
    def total(self) -> Decimal | None:
        return self.totals.total

    @property
    def percent(self) -> Decimal | None:
        return self.totals.percent

    @property
    def difference(self) -> Decimal | None:
        return published_difference(self.assessment.published_total, self.totals.total)

    @property
    def official_total(self) -> Decimal | None:
        """What rankings go by: the published total, else the computed one."""
        published = self.assessment.published_total
        return published if published is not None else self.totals.total

    @property
    def official_percent(self) -> Decimal | None:
        return percent_of(self.official_total, self.totals.max_total)


def assessment_results(*, assessments: Iterable[Assessment]) -> dict[int, AssessmentResult]:
    """Computed totals and areas of many assessments in two queries, keyed by id."""
    assessments = list(assessments)
    if not assessments:
        return {}
    set_ids = {assessment.criteria_set_id for assessment in assessments}
    areas_by_set: dict[int, list[tuple[str, str, Decimal]]] = defaultdict(list)
    for set_id, code, name, max_score in Criterion.objects.filter(
        criteria_set_id__in=set_ids, level=1
    ).values_list("criteria_set_id", "code", "name", "max_score"):
        areas_by_set[set_id].append((code, name, max_score))
    own: dict[int, dict[str, tuple]] = defaultdict(dict)
    for assessment_id, code, self_score, appraised in Score.objects.filter(
        assessment__in=[assessment.pk for assessment in assessments]
    ).values_list("assessment_id", "criterion__code", "self_score", "appraised_score"):
        own[assessment_id][code] = (self_score, appraised)
    results = {}
    for assessment in assessments:
        scores = own[assessment.pk]
        appraised = effective_scores({code: value[1] for code, value in scores.items()})
        self_scores = effective_scores({code: value[0] for code, value in scores.items()})
        areas = {
            code: NodeResult(
                code=code,
                name=name,
                max_score=max_score,
                self_score=self_scores.get(code),
                appraised_score=appraised.get(code),
                own_score=code in scores and scores[code][1] is not None,
            )
            for code, name, max_score in sorted(
                areas_by_set[assessment.criteria_set_id],
                key=lambda area: criterion_sort_key(area[0]),
            )
        }
        results[assessment.pk] = AssessmentResult(
            assessment=assessment, totals=totals_of(areas.values()), areas=areas
        )
    return results


def assessments_visible_to(user) -> QuerySet[Assessment]:
    """The assessments a user may open, with what lists show of them."""
    return Assessment.objects.filter(unit__in=result_units_visible_to(user)).select_related(
        "unit", "criteria_set__index"
    )


# -- a unit across years ------------------------------------------------------


@dataclass
class AreaHistory:
    code: str
    name: str
    # One cell per year of UnitHistory.years, None where the area was not scored.
    cells: list[NodeResult | None]


@dataclass
class UnitHistory:
    unit: Unit
    index: Index
    years: list[AssessmentResult]
    areas: list[AreaHistory]


def unit_history(*, unit: Unit, index: Index) -> UnitHistory:
    """A unit's totals, ranks and area scores on one index, oldest year first.

    Areas are matched across years by code and named as in the latest year.
    """
    assessments = Assessment.objects.filter(unit=unit, criteria_set__index=index).select_related(
        "criteria_set"
    )
    results = assessment_results(assessments=assessments)
    years = sorted(results.values(), key=lambda result: result.assessment.criteria_set.year)
    names: dict[str, str] = {}
    for result in years:
        names.update({code: node.name for code, node in result.areas.items()})
    areas = [
        AreaHistory(code, names[code], [result.areas.get(code) for result in years])
        for code in sorted(names, key=criterion_sort_key)
    ]
    return UnitHistory(unit=unit, index=index, years=years, areas=areas)


# -- peers --------------------------------------------------------------------


@dataclass
class PeerRow:
    position: int
    result: AssessmentResult

    @property
    def assessment(self) -> Assessment:
        return self.result.assessment


@dataclass
class AreaAverage:
    code: str
    name: str
    max_score: Decimal
    average: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.average, self.max_score)


@dataclass
class PeerRanking:
    criteria_set: CriteriaSet
    parent: Unit | None
    rows: list[PeerRow]
    areas: list[AreaAverage]

    def _officials(self) -> list[Decimal]:
        return [
            row.result.official_total for row in self.rows if row.result.official_total is not None
        ]

    @property
    def average_total(self) -> Decimal | None:
        totals = self._officials()
        return _cents(sum(totals, Decimal(0)) / len(totals)) if totals else None

    @property
    def max_total(self) -> Decimal | None:
        return self.rows[0].result.totals.max_total if self.rows else None

    @property
    def average_percent(self) -> Decimal | None:
        return percent_of(self.average_total, self.max_total)

    @property
    def best(self) -> PeerRow | None:
        return self.rows[0] if self.rows else None

    @property
    def worst(self) -> PeerRow | None:
        return self.rows[-1] if self.rows else None


def peer_ranking(*, criteria_set: CriteriaSet, parent: Unit | None = None) -> PeerRanking:
    """Everyone scored on the same set (optionally under one parent), best first.

    Ranked by the published total where there is one, else the computed total.
    """
    assessments = Assessment.objects.filter(criteria_set=criteria_set).select_related(
        "unit", "criteria_set__index"
    )
    if parent is not None:
        assessments = assessments.filter(unit__parent=parent)
    results = list(assessment_results(assessments=assessments).values())
    results.sort(
        key=lambda result: (
            result.official_total is None,
            -(result.official_total or 0),
            result.assessment.rank or 0,
            result.assessment.unit.name,
        )
    )
    rows = [PeerRow(position, result) for position, result in enumerate(results, start=1)]
    area_nodes: dict[str, list[NodeResult]] = defaultdict(list)
    for result in results:
        for code, node in result.areas.items():
            area_nodes[code].append(node)
    areas = []
    for code in sorted(area_nodes, key=criterion_sort_key):
        nodes = area_nodes[code]
        scored = [node.appraised_score for node in nodes if node.appraised_score is not None]
        average = _cents(sum(scored, Decimal(0)) / len(scored)) if scored else None
        areas.append(AreaAverage(code, nodes[0].name, nodes[0].max_score, average))
    return PeerRanking(criteria_set=criteria_set, parent=parent, rows=rows, areas=areas)


def criteria_set_for_peers(*, index_code: str, year: int, audience: str) -> CriteriaSet | None:
    """The set the peer ranking compares on: one index, year and kind of unit."""
    return (
        CriteriaSet.objects.filter(index__code=index_code, year=year, audience=audience)
        .select_related("index")
        .first()
    )


def peer_groups(*, criteria_set: CriteriaSet) -> QuerySet[Unit]:
    """The parents of the units scored on a set: the province, each district…"""
    return Unit.objects.filter(children__assessments__criteria_set=criteria_set).distinct()


# -- criteria sets and targets ------------------------------------------------


def criteria_sets_overview() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.select_related("index", "copied_from").annotate(
        criteria_count=Count("criteria", distinct=True),
        assessment_count=Count("assessments", distinct=True),
    )


def criteria_in_use(*, criteria_set: CriteriaSet) -> set[int]:
    """Ids of the set's criteria that scores, registered targets or tasks refer to:
    removing one of them would lose that record."""
    criteria = Criterion.objects.filter(criteria_set=criteria_set)
    return set(
        criteria.filter(
            Exists(Score.objects.filter(criterion=OuterRef("pk")))
            | Exists(Target.objects.filter(criterion=OuterRef("pk")))
            | Exists(TaskCriterion.objects.filter(criterion=OuterRef("pk")))
        ).values_list("pk", flat=True)
    )


def highest_scores(*, criteria_set: CriteriaSet) -> dict[int, Decimal]:
    """Criterion id -> the highest score (self-assessed, appraised or registered) given on it."""
    given: dict[int, list[Decimal]] = defaultdict(list)
    for queryset, names in (
        (Score.objects, ("self_score", "appraised_score")),
        (Target.objects, ("target_score",)),
    ):
        rows = queryset.filter(criterion__criteria_set=criteria_set).values("criterion_id")
        for row in rows.annotate(**{f"top_{name}": Max(name) for name in names}):
            given[row["criterion_id"]] += [row[f"top_{name}"] for name in names]
    return {
        criterion_id: max(value for value in values if value is not None)
        for criterion_id, values in given.items()
        if any(value is not None for value in values)
    }


def peer_default_year(*, index_code: str, audience: str) -> int | None:
    """The year the peer ranking opens on: the latest with at least two units
    ranked (a ranking of one says nothing), else the latest with any result."""
    sets = CriteriaSet.objects.filter(index__code=index_code, audience=audience).annotate(
        ranked=Count("assessments")
    )
    for minimum in (2, 1):
        year = (
            sets.filter(ranked__gte=minimum)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        if year is not None:
            return year
    return None


def criteria_set_for(*, unit: Unit, index: Index, year: int) -> CriteriaSet | None:
    """The set a unit of this kind is scored on for that index and year."""
    return CriteriaSet.objects.filter(index=index, year=year, audience=unit.kind).first()


@dataclass
class TargetResult:
    node: NodeResult
    target: Target | None

    @property
    def target_score(self) -> Decimal | None:
        return self.target.target_score if self.target else None

    @property
    def gap(self) -> Decimal | None:
        """Appraised minus registered: negative when the unit fell short."""
        if self.target_score is None or self.node.appraised_score is None:
            return None
        return self.node.appraised_score - self.target_score

    @property
    def reached(self) -> bool | None:
        return None if self.gap is None else self.gap >= 0


def targets_with_results(*, unit: Unit, criteria_set: CriteriaSet) -> list[TargetResult]:
    """Each criterion of the set with the unit's registered target and, once the
    assessment of that year is in, the appraised score beside it."""
    assessment = assessment_for(unit=unit, criteria_set=criteria_set)
    if assessment is not None:
        nodes = assessment_tree(assessment=assessment)
    else:
        nodes = tree_results(
            (c.code, c.name, c.max_score, None, None, c)
            for c in Criterion.objects.filter(criteria_set=criteria_set)
        )
    targets = {
        target.criterion_id: target
        for target in Target.objects.filter(unit=unit, criterion__criteria_set=criteria_set)
    }
    return [TargetResult(node, targets.get(node.criterion.pk)) for node in nodes]


def unit_target_letters(*, unit: Unit, criteria_set: CriteriaSet) -> list[tuple[str, object]]:
    """The letters (number, date) by which the unit registered targets on this set."""
    return list(
        Target.objects.filter(unit=unit, criterion__criteria_set=criteria_set)
        .values_list("letter_number", "letter_date")
        .distinct()
        .order_by("letter_date", "letter_number")
    )
