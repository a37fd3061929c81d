"""Charts of assessment results."""

import io

from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from tracker.selectors.assessments import UnitHistory

AREA_COLOURS = ["#8b1a1a", "#c0504d", "#e39b8f", "#4f81bd", "#9bbb59", "#f79646", "#8064a2"]


def unit_history_png(history: UnitHistory, *, dpi: int = 100) -> bytes:
    """Left: each area's percentage achieved, one bar per year. Right: the total
    percentage and the rank across years (rank axis upside down: 1 on top)."""
    figure = Figure(figsize=(11, 4.6), dpi=dpi, layout="constrained")
    areas_axis, total_axis = figure.subplots(1, 2, width_ratios=[2.2, 1])
    years = [result.assessment.criteria_set.year for result in history.years]
    width = 0.8 / max(len(years), 1)
    for position, year in enumerate(years):
        values = [
            float(area.cells[position].percent or 0) if area.cells[position] else 0
            for area in history.areas
        ]
        offsets = [
            index + (position - (len(years) - 1) / 2) * width for index in range(len(values))
        ]
        areas_axis.bar(
            offsets,
            values,
            width,
            label=str(year),
            color=AREA_COLOURS[position % len(AREA_COLOURS)],
        )
    areas_axis.set_xticks(range(len(history.areas)), [area.code for area in history.areas])
    areas_axis.set_ylim(0, 105)
    areas_axis.set_xlabel(_("Lĩnh vực (mã)"))
    areas_axis.set_ylabel(_("Tỷ lệ đạt (%)"))
    areas_axis.set_title(_("Điểm từng lĩnh vực"))
    if years:
        areas_axis.legend(loc="lower left", fontsize="small")
    areas_axis.grid(axis="y", alpha=0.3)

    percents = [float(result.official_percent or 0) for result in history.years]
    total_axis.plot(years, percents, marker="o", color="#8b1a1a")
    for year, value in zip(years, percents, strict=True):
        total_axis.annotate(
            f"{value:.2f}".replace(".", ","),
            (year, value),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize="small",
        )
    total_axis.set_ylim(0, 105)
    total_axis.set_ylabel(_("Tỷ lệ tổng điểm (%)"))
    total_axis.set_xticks(years, [str(year) for year in years])
    total_axis.set_title(_("Tổng điểm và xếp hạng"))
    ranked = [result.assessment for result in history.years if result.assessment.rank]
    if ranked:
        rank_axis = total_axis.twinx()
        rank_years = [assessment.criteria_set.year for assessment in ranked]
        rank_axis.plot(
            rank_years,
            [assessment.rank for assessment in ranked],
            marker="s",
            linestyle="--",
            color="#4f81bd",
        )
        for year, assessment in zip(rank_years, ranked, strict=True):
            rank_axis.annotate(
                assessment.rank_display,
                (year, assessment.rank),
                textcoords="offset points",
                xytext=(0, -14),
                ha="center",
                fontsize="small",
                color="#4f81bd",
            )
        most = max(assessment.rank_of or assessment.rank for assessment in ranked)
        rank_axis.set_ylim(most + 0.5, 0.5)
        rank_axis.set_ylabel(_("Xếp hạng (1 ở trên cùng)"), color="#4f81bd")
    total_axis.grid(axis="y", alpha=0.3)
    figure.suptitle(f"{history.unit.name} · {history.index.code}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
