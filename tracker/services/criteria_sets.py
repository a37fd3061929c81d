"""Writes for indices and criteria sets: the criteria a year is scored on."""

from collections import defaultdict
from collections.abc import Collection, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tracker.models import CriteriaSet, Criterion, Index
from tracker.models.assessments import (
    criterion_parent_code,
    criterion_sort_key,
)
from tracker.selectors.assessments import (
    criteria_in_use,
    highest_scores,
)
from tracker.services.results_import import (
    ImportProblem,
    ResultRow,
    check_tree,
    fmt,
)

# The indices a Vietnamese provincial agency is scored on (code, name).
KNOWN_INDICES = {
    "PAR": "Chỉ số cải cách hành chính (PAR Index)",
    "SIPAS": "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
    "PAPI": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
    "PCI": "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "DDCI": "Chỉ số năng lực cạnh tranh cấp sở, ban, ngành và địa phương (DDCI)",
}
DEFAULT_INDEX = "PAR"


def index_get_or_create(*, code: str) -> Index:
    """The index with this code; a known index (PAR, SIPAS…) is created on first use.

    Raises ValidationError for an unknown code that is not in the database.
    """
    code = code.strip().upper()
    index = Index.objects.filter(code=code).first()
    if index is not None:
        return index
    if code not in KNOWN_INDICES:
        raise ValidationError(
            _("Chỉ số “%(code)s” không có trong hệ thống (có: %(known)s).")
            % {"code": code, "known": ", ".join(KNOWN_INDICES)}
        )
    index, _created = Index.objects.get_or_create(code=code, defaults={"name": KNOWN_INDICES[code]})
    return index


def index_choices() -> list[tuple[str, str]]:
    """Known indices and any other in the database, for forms."""
    names = dict(KNOWN_INDICES)
    names.update(Index.objects.values_list("code", "name"))
    return sorted(names.items(), key=lambda item: (item[0] != DEFAULT_INDEX, item[0]))


def create_criteria(
    criteria_set: CriteriaSet, items: list[tuple[str, str, Decimal]], known: dict[str, int]
) -> dict[str, int]:
    """Bulk-create (code, name, max) items level by level so each child gets its
    parent's id; `known` maps codes that already exist to ids. Returns it extended."""
    known = dict(known)
    by_level: dict[int, list[Criterion]] = defaultdict(list)
    for code, name, max_score in items:
        criterion = Criterion(criteria_set=criteria_set, code=code, name=name, max_score=max_score)
        criterion.set_tree_fields()
        by_level[criterion.level].append(criterion)
    for level in sorted(by_level):
        batch = by_level[level]
        for criterion in batch:
            parent = criterion_parent_code(criterion.code)
            criterion.parent_id = known.get(parent) if parent else None
        # With their history rows: a plain bulk_create records none.
        bulk_create_with_history(batch, Criterion, batch_size=1000)
        if any(criterion.pk is None for criterion in batch):
            known.update(
                Criterion.objects.filter(criteria_set=criteria_set, level=level).values_list(
                    "code", "pk"
                )
            )
        else:
            known.update({criterion.code: criterion.pk for criterion in batch})
    return known


@transaction.atomic
def criteria_set_copy(*, source: CriteriaSet, year: int) -> CriteriaSet:
    """A copy of a criteria set for another year, same codes, names and maxima.

    The copy records where it came from; criteria are matched across years by
    code. Raises ValidationError if the index already has a set for that year
    and audience.
    """
    if CriteriaSet.objects.filter(
        index_id=source.index_id, year=year, audience=source.audience
    ).exists():
        raise ValidationError(
            {
                "year": _("Đã có bộ tiêu chí %(index)s năm %(year)s cho %(audience)s.")
                % {
                    "index": source.index.code,
                    "year": year,
                    "audience": source.get_audience_display(),
                }
            }
        )
    copy = CriteriaSet.objects.create(
        index_id=source.index_id,
        year=year,
        audience=source.audience,
        name=source.name.replace(str(source.year), str(year)) if source.name else "",
        copied_from=source,
    )
    create_criteria(
        copy,
        list(source.criteria.order_by("sort_key").values_list("code", "name", "max_score")),
        {},
    )
    return copy


@transaction.atomic
def criteria_set_relink(*, criteria_set: CriteriaSet) -> None:
    """Set every criterion's parent from its code, after codes were edited by hand.

    Raises ValidationError naming the criteria whose parent code is missing.
    """
    criteria = list(criteria_set.criteria.all())
    by_code = {criterion.code: criterion for criterion in criteria}
    orphans = [
        criterion.code
        for criterion in criteria
        if criterion_parent_code(criterion.code)
        and criterion_parent_code(criterion.code) not in by_code
    ]
    if orphans:
        raise ValidationError(
            _("Các tiêu chí sau không có tiêu chí cha: %(codes)s.") % {"codes": ", ".join(orphans)}
        )
    changed = []
    for criterion in criteria:
        parent_code = criterion_parent_code(criterion.code)
        parent_id = by_code[parent_code].pk if parent_code else None
        if criterion.parent_id != parent_id:
            criterion.parent_id = parent_id
            changed.append(criterion)
    Criterion.objects.bulk_update(changed, ["parent"])


def _edit_problems(
    criteria_set: CriteriaSet,
    *,
    stored: Mapping[str, Criterion],
    rows: list[ResultRow],
    kept: list[ResultRow],
    gone: set[str],
) -> list[ImportProblem]:
    """What is wrong with an edit of the set, checked as an import checks a file."""
    code_column, max_column = _("Mã"), _("Điểm tối đa")
    problems = []
    present = {row.code for row in rows} | {row.code for row in kept}
    orphans = [
        row
        for row in rows
        if criterion_parent_code(row.code) and criterion_parent_code(row.code) not in present
    ]
    for row in orphans:
        problems.append(
            ImportProblem(
                _("tiêu chí “%(code)s” không có tiêu chí cha “%(parent)s”.")
                % {"code": row.code, "parent": criterion_parent_code(row.code)},
                row.row,
                code_column,
            )
        )
    tree_problems, _notes = check_tree(
        [row for row in rows if row not in orphans] + kept, code_column, max_column
    )
    problems += tree_problems
    highest = highest_scores(criteria_set=criteria_set)
    for row in rows:
        score = highest.get(stored[row.code].pk) if row.code in stored else None
        if score is not None and row.max_score < score:
            problems.append(
                ImportProblem(
                    _("điểm tối đa %(max)s nhỏ hơn điểm %(score)s đã chấm hoặc đăng ký.")
                    % {"max": fmt(row.max_score), "score": fmt(score)},
                    row.row,
                    max_column,
                )
            )
    in_use = criteria_in_use(criteria_set=criteria_set)
    blocked = sorted((code for code in gone if stored[code].pk in in_use), key=criterion_sort_key)
    if blocked:
        problems.append(
            ImportProblem(
                _(
                    "Không xóa được %(codes)s: đã có điểm chấm, điểm đăng ký hoặc nhiệm vụ "
                    "theo tiêu chí này."
                )
                % {"codes": ", ".join(blocked)}
            )
        )
    return problems


@transaction.atomic
def criteria_set_update(
    *, criteria_set: CriteriaSet, rows: list[ResultRow], removed: Collection[str] = ()
) -> None:
    """Rename, re-score, add and remove a set's criteria, as its manager does on its page.

    `rows` are criteria to keep or add (code, name, maximum; `row` is the line
    on the page): a code in the set is updated, a new one created under its
    parent. A code in `removed` goes with its sub-criteria; criteria in
    neither stay as they are. Raises ValidationError listing every problem,
    checked as an import checks a file: a duplicate code, a missing parent,
    children's maxima above their parent's; and a maximum below a score
    already given or registered, a removed criterion that scores, targets or
    tasks refer to.
    """
    stored = {criterion.code: criterion for criterion in criteria_set.criteria.all()}
    gone = {code for code in stored if any(code == r or code.startswith(f"{r}.") for r in removed)}
    rows = [row for row in rows if row.code not in gone]
    given = {row.code for row in rows}
    kept = [
        ResultRow(code, criterion.name, criterion.max_score)
        for code, criterion in stored.items()
        if code not in given and code not in gone
    ]
    problems = _edit_problems(criteria_set, stored=stored, rows=rows, kept=kept, gone=gone)
    if problems:
        problems.sort(key=lambda problem: problem.row or 0)
        raise ValidationError([str(problem) for problem in problems])
    updated = []
    for row in rows:
        criterion = stored.get(row.code)
        if criterion is not None and (criterion.name, criterion.max_score) != (
            row.name,
            row.max_score,
        ):
            criterion.name, criterion.max_score = row.name, row.max_score
            updated.append(criterion)
    bulk_update_with_history(updated, Criterion, ["name", "max_score"])
    Criterion.objects.filter(pk__in=[stored[code].pk for code in gone]).delete()
    create_criteria(
        criteria_set,
        [(row.code, row.name, row.max_score) for row in rows if row.code not in stored],
        {code: criterion.pk for code, criterion in stored.items() if code not in gone},
    )
