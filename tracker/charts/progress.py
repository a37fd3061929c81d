"""Charts of remediation progress for Word reports (matplotlib's object API:
a Figure drawn by the Agg canvas, no pyplot state shared between requests)."""

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tracker.selectors.progress import AreaProgress

# The colours offices know: green done, blue in progress within the deadline, red overdue.
DONE, WITHIN, OVERDUE = "#2e7d32", "#1f5fa8", "#c62828"


def progress_by_area_png(areas: list[AreaProgress], *, dpi: int = 200) -> bytes:
    """One horizontal bar per area with tasks: done, still within the deadline,
    overdue, stacked; the area's lost points beside its name."""
    rows = [area for area in areas if area.tasks]
    figure = Figure(figsize=(7.5, 0.55 * len(rows) + 1.4), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axis = figure.subplots()
    labels = [f"{area.code}. {_shorten(area.name)} (−{_comma(area.lost)})" for area in rows]
    done = [area.done for area in rows]
    overdue = [area.overdue for area in rows]
    within = [area.tasks - area.done - area.overdue for area in rows]
    positions = list(range(len(rows)))[::-1]
    axis.barh(positions, done, color=DONE, label="Hoàn thành")
    axis.barh(positions, within, left=done, color=WITHIN, label="Đang thực hiện trong hạn")
    starts = [a + b for a, b in zip(done, within, strict=True)]
    axis.barh(positions, overdue, left=starts, color=OVERDUE, label="Quá hạn")
    axis.set_yticks(positions, labels, fontsize=8)
    axis.set_xlabel("Số nhiệm vụ", fontsize=8)
    axis.tick_params(axis="x", labelsize=8)
    axis.xaxis.get_major_locator().set_params(integer=True)
    axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=8, frameon=False)
    axis.grid(axis="x", alpha=0.3)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _shorten(name: str, limit: int = 42) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _comma(value) -> str:
    return "0" if value is None else f"{value:.2f}".replace(".", ",")
