"""The criterion-to-unit responsibility table office staff keep per year."""

from django.db import transaction

from tracker.models import CriteriaSet, Criterion, CriterionResponsibility, Unit
from tracker.selectors.generation import previous_criteria_set, responsibility_map


@transaction.atomic
def responsibilities_copy_previous_year(
    *, agency: Unit, criteria_set: CriteriaSet, source: CriteriaSet | None = None
) -> int:
    """Give each criterion of this year's set without a lead unit the one its
    namesake (same code) had last year, or in the earlier set `source`.
    Returns how many rows were made."""
    previous = source or previous_criteria_set(criteria_set)
    if previous is None:
        return 0
    last_year = responsibility_map(agency=agency, criteria_set=previous)
    already = set(
        CriterionResponsibility.objects.filter(
            agency=agency, criterion__criteria_set=criteria_set
        ).values_list("criterion_id", flat=True)
    )
    rows = [
        CriterionResponsibility(agency=agency, criterion=criterion, unit=last_year[criterion.code])
        for criterion in criteria_set.criteria.exclude(pk__in=already)
        if criterion.code in last_year
    ]
    CriterionResponsibility.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def responsibilities_save(
    *, agency: Unit, criteria_set: CriteriaSet, units: dict[int, Unit | None]
) -> None:
    """Set (or clear, with None) the lead unit of each criterion named by id.

    Ids outside the set are left alone. A whole table is a few queries
    whatever its size: one delete for the cleared rows, one upsert for the rest.
    """
    ids = set(
        Criterion.objects.filter(criteria_set=criteria_set, pk__in=units).values_list(
            "pk", flat=True
        )
    )
    cleared = [pk for pk in ids if units[pk] is None]
    CriterionResponsibility.objects.filter(agency=agency, criterion_id__in=cleared).delete()
    CriterionResponsibility.objects.bulk_create(
        [
            CriterionResponsibility(agency=agency, criterion_id=pk, unit=units[pk])
            for pk in ids
            if units[pk] is not None
        ],
        update_conflicts=True,
        unique_fields=["agency", "criterion"],
        update_fields=["unit"],
    )
