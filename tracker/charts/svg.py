"""Charts drawn as inline SVG on the server: no script, crisp in print, and
allowed by the Content-Security-Policy (presentation attributes only, no
style attributes). Each chart carries its numbers as a table, which the
template shows beneath it for screen readers and for whoever wants figures.

Figures come from `tracker.selectors.progress`; this module only draws.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tracker.selectors.progress import bucket_label

# The office's colours for the four buckets, in the order they are stacked.
BUCKET_COLOURS = {
    "done_on_time": "#198754",
    "done_late": "#fd7e14",
    "within_deadline": "#0d6efd",
    "overdue": "#dc3545",
}
BUCKETS = tuple(BUCKET_COLOURS)
SERIES_COLOURS = ("#8b1a1a", "#9aa5b1", "#4f81bd", "#9bbb59")

# Drawing widths close to a phone's, so text keeps its size when scaled.
WIDTH = 480
BAR_WIDTH = 400
ROW_HEIGHT = 40
BAR_HEIGHT = 16
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass
class Chart:
    """An SVG and the same numbers as a table (`columns` heads, `rows` cells)."""

    slug: str
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2)
    return str(value)


def _clip(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _svg(slug: str, title: str, width: int, height: int, body: list[str]) -> SafeString:
    # Safe: every text inside went through escape(), numbers are formatted here.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{slug}-title"><title id="{slug}-title">{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def bucket_bars(slug: str, title: str, rows: list[tuple[str, object]]) -> Chart:
    """One horizontal bar per row (an area, a unit, the whole agency), its
    tasks stacked in the four buckets, the row's name above it so that long
    names stay readable on a phone; bars share one scale so sizes compare.
    `rows` are (label, figures) where figures has the four bucket counts."""
    longest = max((sum(getattr(f, b) for b in BUCKETS) for _label, f in rows), default=0)
    scale = (BAR_WIDTH - 40) / longest if longest else 0
    body = []
    for position, (label, figures) in enumerate(rows):
        y = 4 + position * ROW_HEIGHT
        body.append(
            f'<text x="0" y="{y + 12}" {FONT} fill="#212529">{escape(_clip(label, 60))}</text>'
        )
        x, bar_y = 0.0, y + 17
        for bucket in BUCKETS:
            count = getattr(figures, bucket)
            if not count:
                continue
            width = count * scale
            body.append(
                f'<rect x="{x:.1f}" y="{bar_y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{BUCKET_COLOURS[bucket]}"><title>{escape(bucket_label(bucket))}: '
                f"{count}</title></rect>"
            )
            if width >= 18:
                body.append(
                    f'<text x="{x + width / 2:.1f}" y="{bar_y + 12}" text-anchor="middle" '
                    f'{FONT} fill="#fff">{count}</text>'
                )
            x += width
        total = sum(getattr(figures, bucket) for bucket in BUCKETS)
        body.append(f'<text x="{x + 6:.1f}" y="{bar_y + 12}" {FONT} fill="#495057">{total}</text>')
    height = 8 + max(len(rows), 1) * ROW_HEIGHT
    if not rows:
        body.append(
            f'<text x="{BAR_WIDTH / 2}" y="24" text-anchor="middle" {FONT} fill="#6c757d">'
            f"{escape(_('Chưa có nhiệm vụ nào.'))}</text>"
        )
    return Chart(
        slug=slug,
        title=title,
        svg=_svg(slug, title, BAR_WIDTH, height, body),
        columns=["", *[bucket_label(bucket) for bucket in BUCKETS], _("Tổng")],
        rows=[
            [label, *[getattr(f, b) for b in BUCKETS], sum(getattr(f, b) for b in BUCKETS)]
            for label, f in rows
        ],
        legend=[(BUCKET_COLOURS[bucket], bucket_label(bucket)) for bucket in BUCKETS],
    )


def grouped_bars(
    slug: str,
    title: str,
    categories: list[str],
    series: list[tuple[str, list]],
    *,
    notes: list[str] | None = None,
) -> Chart:
    """Vertical bars, one group per category and one bar per series (this year
    and last, say); a missing value leaves a gap. `notes` go under the
    category names (a rank, say)."""
    height, top, bottom = 220, 18, 44
    values = [value for _name, numbers in series for value in numbers if value is not None]
    most = max((float(value) for value in values), default=0) or 1
    plot_height = height - top - bottom
    group = (WIDTH - 40) / max(len(categories), 1)
    bar = min(36.0, group * 0.8 / max(len(series), 1))
    body = [
        f'<line x1="30" y1="{height - bottom}" x2="{WIDTH - 6}" y2="{height - bottom}" '
        f'stroke="#adb5bd" stroke-width="1"/>'
    ]
    for index, category in enumerate(categories):
        left = 36 + index * group + (group - bar * len(series)) / 2
        for number, (name, numbers) in enumerate(series):
            value = numbers[index]
            if value is None:
                continue
            bar_height = float(value) / most * plot_height
            x = left + number * bar
            y = height - bottom - bar_height
            colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{bar_height:.1f}" '
                f'fill="{colour}"><title>{escape(name)} · {escape(category)}: '
                f"{escape(_number(value))}</title></rect>"
                f'<text x="{x + (bar - 2) / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                f'font-family="system-ui, sans-serif" font-size="10" fill="#212529">'
                f"{escape(_number(value))}</text>"
            )
        centre = 36 + index * group + group / 2
        body.append(
            f'<text x="{centre:.1f}" y="{height - bottom + 16}" text-anchor="middle" {FONT} '
            f'fill="#212529">{escape(_clip(category, 14))}</text>'
        )
        if notes and notes[index]:
            body.append(
                f'<text x="{centre:.1f}" y="{height - bottom + 32}" text-anchor="middle" '
                f'font-family="system-ui, sans-serif" font-size="11" fill="#4f81bd">'
                f"{escape(notes[index])}</text>"
            )
    if not categories:
        body.append(
            f'<text x="{WIDTH / 2}" y="{height / 2}" text-anchor="middle" {FONT} '
            f'fill="#6c757d">{escape(_("Chưa có số liệu."))}</text>'
        )
    columns = ["", *[name for name, _numbers in series]]
    rows = [
        [category, *[_number(numbers[index]) for _name, numbers in series]]
        for index, category in enumerate(categories)
    ]
    if notes:
        columns.append(_("Ghi chú"))
        for row, note in zip(rows, notes, strict=True):
            row.append(note or "—")
    return Chart(
        slug=slug,
        title=title,
        svg=_svg(slug, title, WIDTH, height, body),
        columns=columns,
        rows=rows,
        legend=[
            (SERIES_COLOURS[number % len(SERIES_COLOURS)], name)
            for number, (name, _numbers) in enumerate(series)
        ],
    )
