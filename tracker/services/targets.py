"""Writes for registered targets (đăng ký điểm số)."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tracker.models import CriteriaSet, Target, Unit
from tracker.services.results_import import (
    fmt,
)


@transaction.atomic
def targets_register(
    *,
    unit: Unit,
    criteria_set: CriteriaSet,
    scores: Mapping[int, Decimal | None],
    letter_number: str = "",
    letter_date: date | None = None,
) -> list[Target]:
    """Record the target scores a unit registered for a year's criteria.

    `scores` maps criterion ids of the set to the registered score; None removes
    that criterion's target. The letter applies to every target given. Raises
    ValidationError for a criterion of another set or a score above the maximum.
    """
    criteria = {c.pk: c for c in criteria_set.criteria.filter(pk__in=list(scores))}
    errors = []
    for criterion_id, score in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append(_("Tiêu chí không thuộc bộ tiêu chí %(set)s.") % {"set": criteria_set})
        elif score is not None and (score < 0 or score > criterion.max_score):
            errors.append(
                _("Tiêu chí %(code)s: điểm đăng ký %(score)s phải từ 0 đến %(max)s.")
                % {"code": criterion.code, "score": fmt(score), "max": fmt(criterion.max_score)}
            )
    if errors:
        raise ValidationError(errors)
    existing = {
        target.criterion_id: target
        for target in Target.objects.filter(unit=unit, criterion_id__in=list(scores))
    }
    kept, to_delete = [], []
    for criterion_id, score in scores.items():
        target = existing.get(criterion_id)
        if score is None:
            if target is not None:
                to_delete.append(target.pk)
            continue
        values = {"target_score": score, "letter_number": letter_number, "letter_date": letter_date}
        if target is None:
            target = Target.objects.create(unit=unit, criterion_id=criterion_id, **values)
        elif any(getattr(target, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(target, name, value)
            target.save()
        kept.append(target)
    Target.objects.filter(pk__in=to_delete).delete()
    return kept
