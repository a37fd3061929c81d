"""Writes for a unit's results: the import plan (checked before anything is
written), the import itself and the published figures."""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tracker.models import Assessment, CriteriaSet, Criterion, Index, Score, Unit, User
from tracker.models.assessments import (
    validate_published_total,
    validate_rank,
)
from tracker.permissions import ASSESSED_KINDS, can_manage_criteria_set
from tracker.selectors.assessments import (
    NodeResult,
    Totals,
    published_difference,
    totals_of,
    tree_results,
)
from tracker.services.criteria_sets import KNOWN_INDICES, create_criteria, index_get_or_create
from tracker.services.results_import import (
    ImportProblem,
    ResultRow,
    ResultSheet,
    ResultsImportError,
    check_tree,
    column_label,
    fmt,
    read_results,
    row_problems,
)
from tracker.services.stored_files import orphan_files_sweep


@dataclass(frozen=True)
class PublishedResult:
    """What the published decision says beside the scores."""

    total: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    rank_change: int | None = None
    published_on: date | None = None
    source_document: str = ""

    def validate(self, *, max_total: Decimal | None = None) -> None:
        """Raises ValidationError keyed by the assessment's (and the forms') field names;
        `max_total` is the criteria set's maximum, when known."""
        errors = {}
        for check in (
            lambda: validate_rank(self.rank, self.rank_of),
            lambda: validate_published_total(self.total, max_total),
        ):
            try:
                check()
            except ValidationError as error:
                errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)

    def problems(self, *, max_total: Decimal | None = None) -> list[ImportProblem]:
        try:
            self.validate(max_total=max_total)
        except ValidationError as error:
            return [ImportProblem(message) for message in error.messages]
        return []

    def over(self, assessment: Assessment | None) -> "PublishedResult":
        """These figures where given, the assessment's where not: re-importing a
        corrected score sheet leaves the published decision's figures alone."""
        if assessment is None:
            return self
        return PublishedResult(
            total=assessment.published_total if self.total is None else self.total,
            rank=assessment.rank if self.rank is None else self.rank,
            rank_of=assessment.rank_of if self.rank_of is None else self.rank_of,
            rank_change=assessment.rank_change if self.rank_change is None else self.rank_change,
            published_on=self.published_on or assessment.published_on,
            source_document=self.source_document or assessment.source_document,
        )

    def apply(self, assessment: Assessment) -> bool:
        """Copy onto the assessment; True when something changed."""
        values = {
            "published_total": self.total,
            "rank": self.rank,
            "rank_of": self.rank_of,
            "rank_change": self.rank_change,
            "published_on": self.published_on,
            "source_document": self.source_document or "",
        }
        changed = False
        for name, value in values.items():
            if getattr(assessment, name) != value:
                setattr(assessment, name, value)
                changed = True
        return changed

    def as_json(self) -> dict:
        """For keeping between the preview and the confirmation (session is JSON)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["total"] = None if self.total is None else str(self.total)
        data["published_on"] = self.published_on.isoformat() if self.published_on else None
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> "PublishedResult":
        return cls(
            total=None if data.get("total") is None else Decimal(data["total"]),
            rank=data.get("rank"),
            rank_of=data.get("rank_of"),
            rank_change=data.get("rank_change"),
            published_on=date.fromisoformat(data["published_on"])
            if data.get("published_on")
            else None,
            source_document=data.get("source_document") or "",
        )


@dataclass
class ImportPlan:
    """What an import would do, checked against the database, before anything is written."""

    unit: Unit
    index_code: str
    year: int
    rows: list[ResultRow]
    criteria_set: CriteriaSet | None
    existing: Assessment | None
    new_codes: list[str]
    updated_codes: list[str]
    notes: list[ImportProblem]
    published: PublishedResult

    @cached_property
    def nodes(self) -> list[NodeResult]:
        """The rows as the tree the system will compute totals on."""
        return tree_results(
            (row.code, row.name, row.max_score, row.self_score, row.appraised_score, None)
            for row in self.rows
        )

    @cached_property
    def totals(self) -> Totals:
        return totals_of(self.nodes)

    @property
    def areas(self) -> list[NodeResult]:
        return [node for node in self.nodes if node.level == 1]

    @property
    def difference(self) -> Decimal | None:
        return published_difference(self.published.total, self.totals.total)


def _unit_and_index_problems(unit: Unit, index: Index | None, index_code: str) -> list:
    problems = []
    if unit.kind not in ASSESSED_KINDS:
        problems.append(
            ImportProblem(_("Đơn vị “%(unit)s” không được chấm điểm riêng.") % {"unit": unit.name})
        )
    if index is None and index_code not in KNOWN_INDICES:
        problems.append(
            ImportProblem(_("Chỉ số “%(code)s” không có trong hệ thống.") % {"code": index_code})
        )
    return problems


@dataclass
class _SetComparison:
    """A file's rows against the criteria set already stored for its year."""

    stored: dict[str, tuple[str, Decimal]] = field(default_factory=dict)
    new_codes: list[str] = field(default_factory=list)
    updated_codes: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def _compare_with_set(
    *, criteria_set: CriteriaSet, rows: list[ResultRow], unit: Unit, user: User | None
) -> _SetComparison:
    """Which rows add or change criteria, refusing what the user may not do:
    add a criterion or change a maximum without managing the set, or change a
    maximum other units were already scored on."""
    shared = criteria_set.assessments.exclude(unit=unit).exists()
    may_manage = user is None or can_manage_criteria_set(user, criteria_set)
    result = _SetComparison(
        stored={
            code: (name, max_score)
            for code, name, max_score in criteria_set.criteria.values_list(
                "code", "name", "max_score"
            )
        }
    )
    for row in rows:
        if row.code not in result.stored:
            result.new_codes.append(row.code)
            if not may_manage:
                result.problems.append(
                    ImportProblem(
                        _(
                            "mã “%(code)s” không có trong bộ tiêu chí %(set)s; chỉ người "
                            "quản lý bộ tiêu chí mới thêm được tiêu chí."
                        )
                        % {"code": row.code, "set": criteria_set},
                        row.row,
                        column_label("code"),
                    )
                )
            continue
        name, max_score = result.stored[row.code]
        if max_score == row.max_score and (name == row.name or not may_manage):
            continue
        if max_score != row.max_score and (shared or not may_manage):
            why = (
                _("đã dùng để chấm đơn vị khác")
                if shared
                else _("chỉ người quản lý bộ tiêu chí mới sửa được")
            )
            result.problems.append(
                ImportProblem(
                    _(
                        "điểm tối đa %(new)s khác với %(old)s của tiêu chí “%(code)s” trong "
                        "bộ tiêu chí %(set)s, %(why)s."
                    )
                    % {
                        "new": fmt(row.max_score),
                        "old": fmt(max_score),
                        "code": row.code,
                        "set": criteria_set,
                        "why": why,
                    },
                    row.row,
                    _("Điểm tối đa"),
                )
            )
        else:
            result.updated_codes.append(row.code)
    return result


def results_plan(
    *,
    unit: Unit,
    index_code: str,
    year: int,
    rows: list[ResultRow],
    published: PublishedResult | None = None,
    user: User | None = None,
) -> ImportPlan:
    """Check rows and what they would change in the database; reads only.

    `published` figures left empty keep the existing assessment's. `user` is
    who imports on the web: the year's first file creates the criteria set,
    but once it exists only who manages it (can_manage_criteria_set) may add
    criteria to it or change its maxima; None is the command line or the
    demo, run by whoever runs the server.

    Raises ResultsImportError listing every problem: the rows' own (a score
    above its maximum, a broken tree, children's maxima above their parent's
    counting the criteria already in the set), a unit that is not scored on
    its own, an unknown index, a published total above the set's maximum, a
    maximum that contradicts a criteria set other units were already scored
    on, a criterion the user may not add.
    """
    index = Index.objects.filter(code=index_code).first()
    problems = _unit_and_index_problems(unit, index, index_code)
    criteria_set = (
        CriteriaSet.objects.filter(index=index, year=year, audience=unit.kind).first()
        if index
        else None
    )
    existing_assessment = None
    if criteria_set is not None:
        existing_assessment = Assessment.objects.filter(
            unit=unit, criteria_set=criteria_set
        ).first()
        comparison = _compare_with_set(criteria_set=criteria_set, rows=rows, unit=unit, user=user)
    else:
        # The year's first file makes the set: nobody is scored on it yet, and
        # the council's file is what the criteria are.
        comparison = _SetComparison(new_codes=[row.code for row in rows])
    problems += comparison.problems
    stored = comparison.stored
    given = {row.code for row in rows}
    kept = [
        ResultRow(code, name, max_score)
        for code, (name, max_score) in stored.items()
        if code not in given
    ]
    published = (published or PublishedResult()).over(existing_assessment)
    areas = [row.max_score for row in (*kept, *rows) if row.level == 1]
    problems = published.problems(max_total=sum(areas) if areas else None) + problems
    problems += row_problems(rows)
    tree_problems, notes = check_tree(rows, stored=kept)
    problems += tree_problems
    if problems:
        raise ResultsImportError(problems)
    if existing_assessment is not None:
        notes.insert(
            0,
            ImportProblem(
                _(
                    "Đã có kết quả năm %(year)s của %(unit)s: xác nhận sẽ thay điểm cũ bằng "
                    "điểm trong tệp."
                )
                % {"year": year, "unit": unit.name}
            ),
        )
    return ImportPlan(
        unit=unit,
        index_code=index_code,
        year=year,
        rows=rows,
        criteria_set=criteria_set,
        existing=existing_assessment,
        new_codes=comparison.new_codes,
        updated_codes=comparison.updated_codes,
        notes=notes,
        published=published,
    )


def results_preview(
    *,
    unit: Unit,
    index_code: str,
    year: int,
    content: bytes,
    filename: str = "",
    published: PublishedResult | None = None,
    user: User | None = None,
) -> ImportPlan:
    """Read and check a results file without writing (see results_plan); raises
    ResultsImportError. The sheet's totals row stands for the published total
    when none was given; a title naming another year is a note to confirm."""
    sheet: ResultSheet = read_results(content, filename)
    plan = results_plan(
        unit=unit,
        index_code=index_code,
        year=year,
        rows=sheet.rows,
        published=_with_sheet_total(published, sheet),
        user=user,
    )
    if sheet.title_year and sheet.title_year != year:
        plan.notes.insert(
            0,
            ImportProblem(
                _(
                    "Tiêu đề bảng tính ghi năm %(title)s, khác năm đã chọn %(year)s: hãy kiểm "
                    "tra lại năm trước khi xác nhận."
                )
                % {"title": sheet.title_year, "year": year},
                sheet.header_row,
            ),
        )
    return plan


def _with_sheet_total(published: PublishedResult | None, sheet: ResultSheet) -> PublishedResult:
    published = published or PublishedResult()
    if published.total is None and sheet.published_total is not None:
        return replace(published, total=sheet.published_total)
    return published


@transaction.atomic
def results_import(
    *,
    unit: Unit,
    index_code: str,
    year: int,
    rows: list[ResultRow],
    published: PublishedResult | None = None,
    source_file: tuple[str, bytes] | None = None,
    user: User | None = None,
) -> Assessment:
    """Record a unit's scores for one index and year, all or nothing.

    Checks everything first (results_plan; ResultsImportError lists every
    problem, and `user` is checked there). Then, in one transaction: creates
    the index and the year's criteria set if needed, creates missing criteria
    (tree from the codes), updates names and maxima of criteria no other unit
    was scored on, creates or updates the assessment and the published figures
    given (those left empty keep their stored value), and makes its scores
    exactly the rows given: changed scores are updated, new ones created and
    scores of criteria absent from the rows (or given without any score)
    deleted. Saving the same rows again changes nothing. `source_file`
    (name, content) is kept on the assessment.

    Side effects on storage: the new source file is written at once and
    deleted again if a later step fails; the file it replaces is deleted only
    once the transaction commits; files left by a process that died before
    committing are swept first.
    """
    plan = results_plan(
        unit=unit, index_code=index_code, year=year, rows=rows, published=published, user=user
    )
    index = index_get_or_create(code=index_code)
    criteria_set, _created = CriteriaSet.objects.get_or_create(
        index=index, year=year, audience=unit.kind
    )
    by_row = {row.code: row for row in rows}
    current = {criterion.code: criterion for criterion in criteria_set.criteria.all()}
    ids = create_criteria(
        criteria_set,
        [(code, by_row[code].name, by_row[code].max_score) for code in plan.new_codes],
        {code: criterion.pk for code, criterion in current.items()},
    )
    updated = []
    for code in plan.updated_codes:
        criterion = current[code]
        criterion.name, criterion.max_score = by_row[code].name, by_row[code].max_score
        updated.append(criterion)
    bulk_update_with_history(
        updated, Criterion, ["name", "max_score"], batch_size=1000, default_user=user
    )

    assessment = Assessment.objects.filter(unit=unit, criteria_set=criteria_set).first()
    created = assessment is None
    if created:
        assessment = Assessment(unit=unit, criteria_set=criteria_set)
    changed = plan.published.apply(assessment)
    replaced = assessment.source_file.name if source_file is not None else ""
    if source_file is not None:
        orphan_files_sweep()
        name, content = source_file
        assessment.source_file.save(name, ContentFile(content), save=False)
        assessment.source_file_name = name
        changed = True
    try:
        if changed or created:
            if user is not None:
                assessment._history_user = user
            assessment.save()
        _save_scores(assessment, rows, ids, user=user)
    except Exception:
        # The rows roll back: the file written for them goes too.
        if source_file is not None:
            assessment.source_file.delete(save=False)
        raise
    if replaced and replaced != assessment.source_file.name:
        storage = assessment.source_file.storage
        # Until the rows are committed the assessment still points at the old file.
        transaction.on_commit(lambda: storage.delete(replaced))
    return assessment


def _save_scores(
    assessment: Assessment, rows: list[ResultRow], ids: dict[str, int], *, user: User | None
) -> None:
    existing = {score.criterion_id: score for score in assessment.scores.all()}
    to_create, to_update = [], []
    for row in rows:
        if row.self_score is None and row.appraised_score is None:
            # An area given only as a heading: its score comes from its children.
            continue
        criterion_id = ids[row.code]
        score = existing.pop(criterion_id, None)
        if score is None:
            to_create.append(
                Score(
                    assessment=assessment,
                    criterion_id=criterion_id,
                    self_score=row.self_score,
                    appraised_score=row.appraised_score,
                )
            )
        elif (score.self_score, score.appraised_score) != (row.self_score, row.appraised_score):
            score.self_score, score.appraised_score = row.self_score, row.appraised_score
            to_update.append(score)
    bulk_create_with_history(to_create, Score, batch_size=1000, default_user=user)
    bulk_update_with_history(
        to_update, Score, ["self_score", "appraised_score"], batch_size=1000, default_user=user
    )
    if existing:
        Score.objects.filter(pk__in=[score.pk for score in existing.values()]).delete()


def results_import_file(
    *,
    unit: Unit,
    index_code: str,
    year: int,
    content: bytes,
    filename: str = "",
    published: PublishedResult | None = None,
    keep_file: bool = True,
    user: User | None = None,
) -> Assessment:
    """Read a results file and record it (see results_import); the web upload and
    the import_results command both come here. Raises ResultsImportError."""
    sheet = read_results(content, filename)
    return results_import(
        unit=unit,
        index_code=index_code,
        year=year,
        rows=sheet.rows,
        published=_with_sheet_total(published, sheet),
        source_file=(filename or "ket-qua", content) if keep_file else None,
        user=user,
    )


@transaction.atomic
def assessment_update(*, assessment: Assessment, published: PublishedResult) -> Assessment:
    """Correct the published figures of an assessment (scores come from imports).

    Raises ValidationError (by field) when the rank is beyond the number ranked
    or the total above the criteria set's maximum.
    """
    published.validate(max_total=assessment.criteria_set.max_total())
    if published.apply(assessment):
        assessment.save()
    return assessment
