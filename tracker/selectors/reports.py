"""Reads of kept reports: the list on the page and what changed since the last one."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from tracker.models import Report, User
from tracker.permissions import reports_visible_to


def reports_for(user: User, *, limit: int = 50) -> QuerySet[Report]:
    """The user's visible kept reports, newest first (what the page lists)."""
    return (
        Report.objects.filter(reports_visible_to(user))
        .select_related("unit", "created_by")
        .defer("figures", "parameters")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass
class FigureChange:
    label: str
    old: object
    new: object


BUCKET_FIGURES = {
    "tasks": "Số nhiệm vụ đến hạn",
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "within_deadline": "Chưa hoàn thành, còn trong hạn",
    "overdue": "Chưa hoàn thành, quá hạn",
    "not_started": "Chưa triển khai",
}
UNIT_FIGURES = {
    "tasks": "số nhiệm vụ",
    "done_on_time": "đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "within_deadline": "còn trong hạn",
    "overdue": "quá hạn",
}
AREA_FIGURES = {"tasks": "số nhiệm vụ", "done": "hoàn thành", "overdue": "quá hạn"}


def _flatten(figures: dict | None) -> dict[str, tuple[str, object]]:
    """The figures a reader compares, keyed stably, with a readable label."""
    if not figures:
        return {}
    flat: dict[str, tuple[str, object]] = {}
    for key, label in BUCKET_FIGURES.items():
        flat[f"buckets.{key}"] = (label, figures["buckets"][key])
    flat["ongoing"] = ("Nhiệm vụ thường xuyên", figures["ongoing"])
    flat["overdue_listed"] = ("Nhiệm vụ quá hạn được liệt kê", len(figures["overdue"]))
    result = figures.get("result") or {}
    for key, label in (("total", "Tổng điểm năm trước"), ("lost", "Điểm bị trừ năm trước")):
        flat[f"result.{key}"] = (label, result.get(key))
    for unit in figures["by_unit"]:
        for key, label in UNIT_FIGURES.items():
            flat[f"unit.{unit['unit_id']}.{key}"] = (f"{unit['name']}: {label}", unit[key])
    for area in figures["by_area"]:
        for key, label in AREA_FIGURES.items():
            flat[f"area.{area['code']}.{key}"] = (
                f"Lĩnh vực {area['code']}. {area['name']}: {label}",
                area[key],
            )
    recovery = figures.get("recovery") or {}
    if recovery:
        recovered = sum(
            (
                Decimal(row["lost_before"]) - Decimal(row["lost_after"])
                for row in recovery["criteria"]
                if row["lost_after"] is not None
            ),
            Decimal(0),
        )
        flat["recovery"] = ("Điểm khắc phục được", str(recovered))
    return flat


def figures_changes(old: dict | None, new: dict | None) -> list[FigureChange]:
    """What differs between the figures of two builds of a report, in the new
    one's order (a unit or area missing on one side shows as "–")."""
    before, after = _flatten(old), _flatten(new)
    changes = []
    for key in [*after, *(key for key in before if key not in after)]:
        label = (after.get(key) or before.get(key))[0]
        old_value = before.get(key, (label, None))[1]
        new_value = after.get(key, (label, None))[1]
        if old_value != new_value:
            changes.append(FigureChange(label=label, old=old_value, new=new_value))
    return changes
