"""Bar charts drawn on the server as inline SVG: no JavaScript, nothing fetched, printed as
is by WeasyPrint (the activity report PDF).

A chart is a picture of a table that the page shows beside it (the accessible version,
RGAA 1.1 / 4.1): the SVG has a role of image and a short name saying so; the figures are
read in the table. Horizontal bars, one or several series per row, the value written at
the end of each bar (so colour is never the only carrier), colours with at least 3:1
contrast on white.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

COLOURS = ("#1f4e79", "#b3541e", "#2e7d32", "#6a1b9a")
TEXT = "#1a1a1a"
GRID = "#767676"
WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 56
BAR = 16
GAP = 8
LEGEND = 22
FONT = "font-family:'Q2030 Sans','DejaVu Sans',Arial,sans-serif;font-size:12px"
_ids = count(1)


@dataclass
class Row:
    label: str
    values: Sequence[float | None]


def number(value: float | None) -> str:
    if value is None:
        return "—"
    places = 0 if value == int(value) else 1
    return formats.number_format(value, decimal_pos=places)


def _shorten(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(
    rows: Sequence[Row],
    *,
    title: str,
    series: Sequence[str] = (),
    maximum: float | None = None,
    value_text: Callable[[float | None], str] = number,
) -> SafeString:
    """The SVG of a horizontal bar chart: one group of bars per row, one bar per series
    (the legend names the series when there are several). `maximum` fixes the scale (5 for
    ratings, 100 for percentages); otherwise the largest value."""
    series = list(series) or [""]
    values = [v or 0 for row in rows for v in row.values]
    top = maximum or max(values, default=0) or 1
    legend = LEGEND if len(series) > 1 else 0
    group = len(series) * BAR + GAP
    height = legend + max(len(rows), 1) * group + GAP
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    uid = f"graphique-{next(_ids)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{uid}" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" style="max-width:{WIDTH}px;{FONT}">',
        f'<title id="{uid}">{escape(title)} — '
        f"{escape(_('graphique ; les chiffres sont dans le tableau'))}</title>",
    ]
    for index, name in enumerate(series if legend else []):
        x = LABEL_WIDTH + index * 200
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[index % 4]}"/>'
            f'<text x="{x + 16}" y="14" fill="{TEXT}">{escape(_shorten(name, 30))}</text>'
        )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{legend}" x2="{LABEL_WIDTH}" '
        f'y2="{height - GAP // 2}" stroke="{GRID}" stroke-width="1"/>'
    )
    for position, row in enumerate(rows):
        y = legend + position * group + GAP // 2
        middle = y + len(series) * BAR / 2 + 4
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{middle:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_shorten(row.label))}</text>"
        )
        for index, value in enumerate(row.values):
            length = plot * min((value or 0) / top, 1)
            bar_y = y + index * BAR
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y + 1}" width="{length:.1f}" '
                f'height="{BAR - 2}" fill="{COLOURS[index % 4]}"/>'
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR - 4}" '
                f'fill="{TEXT}">{escape(value_text(value))}</text>'
            )
    parts.append("</svg>")
    # Every text above is escaped.
    return mark_safe("".join(parts))
