"""The checks a task's values pass before any action writes them; each
returns the problems by form field (an empty dict when all is well)."""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tracker import permissions
from tracker.lib.formats import vn_date
from tracker.models import (
    Priority,
    Task,
    Unit,
    User,
)
from tracker.selectors.tasks import assignable_users
from tracker.services.evidence import (
    CheckedUpload,
    EvidenceRejected,
    evidence_check_all,
)
from tracker.services.task_records import (
    TaskActionError,
)

INDICATOR_LIMIT = Decimal("10000000000")  # max_digits=12, decimal_places=2


def check_assignment(
    *,
    agency: Unit,
    lead_unit: Unit | None,
    supporting_units: Iterable[Unit],
    supervisor: User | None,
    deadline: date | None,
    ongoing: bool,
) -> dict[str, str]:
    errors = {}
    if lead_unit is None:
        errors["lead_unit"] = _("Chọn đơn vị chủ trì.")
    elif lead_unit.pk == agency.pk or lead_unit.agency.pk != agency.pk:
        errors["lead_unit"] = _("Đơn vị chủ trì phải là một đơn vị thuộc %(agency)s.") % {
            "agency": agency
        }
    supporting = list(supporting_units)
    if any(not unit.is_within(agency) for unit in supporting):
        errors["supporting_units"] = _("Đơn vị phối hợp phải thuộc %(agency)s.") % {
            "agency": agency
        }
    elif lead_unit is not None and any(unit.pk == lead_unit.pk for unit in supporting):
        errors["supporting_units"] = _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    if supervisor is not None and not permissions.is_agency_leader(supervisor, agency):
        errors["supervisor"] = _("Lãnh đạo phụ trách phải là lãnh đạo của %(agency)s.") % {
            "agency": agency
        }
    if ongoing and deadline is not None:
        errors["deadline"] = _(
            "Nhiệm vụ thường xuyên không có hạn hoàn thành: bỏ hạn hoặc bỏ chọn “thường xuyên”."
        )
    return errors


def check_fields(*, title: str, priority: str) -> dict[str, str]:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Nhập tên nhiệm vụ.")
    if priority not in Priority.values:
        errors["priority"] = _("Mức ưu tiên không hợp lệ.")
    return errors


def check_deadline_for_issue(
    *, deadline: date | None, ongoing: bool, issued_on: date
) -> dict[str, str]:
    if ongoing:
        return {}
    if deadline is None:
        return {"deadline": _("Cần hạn hoàn thành, hoặc đánh dấu nhiệm vụ là thường xuyên.")}
    if deadline < issued_on:
        return {
            "deadline": _("Hạn hoàn thành %(deadline)s không được trước ngày giao %(issued)s.")
            % {"deadline": vn_date(deadline), "issued": vn_date(issued_on)}
        }
    return {}


def check_assignee(task: Task, assignee: User | None) -> dict[str, str]:
    if assignee is None:
        return {}
    if not assignable_users(task).filter(pk=assignee.pk).exists():
        return {
            "assignee": _("Người thực hiện phải là cán bộ đang công tác tại %(unit)s.")
            % {"unit": task.lead_unit}
        }
    return {}


def check_progress_values(percent_complete: Any, indicator_value: Decimal | None) -> dict[str, str]:
    errors = {}
    if (
        percent_complete is None
        or isinstance(percent_complete, bool)
        or not isinstance(percent_complete, int)
        or not 0 <= percent_complete <= 100
    ):
        errors["percent_complete"] = _(
            "Tiến độ phải là số nguyên từ 0 đến 100 (%%), không phải “%(value)s”."
        ) % {"value": "" if percent_complete is None else percent_complete}
    if indicator_value is not None and abs(indicator_value) >= INDICATOR_LIMIT:
        errors["indicator_value"] = _("Giá trị chỉ tiêu quá lớn.")
    return errors


def check_files(files: Sequence[UploadedFile]) -> list[CheckedUpload]:
    try:
        return evidence_check_all(files)
    except EvidenceRejected as error:
        raise TaskActionError({"files": error.messages}) from error
