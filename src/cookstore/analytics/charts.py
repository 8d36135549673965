"""Charts drawn on the server as SVG: no script, nothing from elsewhere, a table beside each for reading.

Colours and lines are SVG presentation attributes (the shop's Content-Security-Policy forbids
inline style attributes, not these).
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 800, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 36
COLOURS = ("#1f5f8b", "#c2571a")


def _nice_max(value):
    """A round upper bound for the axis: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    scale = 1
    while scale * 10 <= value:
        scale *= 10
    for step in (1, 2, 5, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale


def line_chart(points, names, title):
    """``points``: [(label, value of series 1, value of series 2, ...)]; ``names``: the series' names."""
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_max(max((max(point[1:]) for point in points), default=0))
    count = len(points)

    def x(index):
        return LEFT + (inner_w * index / (count - 1) if count > 1 else inner_w / 2)

    def y(value):
        return TOP + inner_h - inner_h * value / top

    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}">{}</title>',
            WIDTH, HEIGHT, f"chart-{id(points)}", f"chart-{id(points)}", title,
        )
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#555">{}</text>',
                LEFT, WIDTH - RIGHT, f"{y(value):.1f}", f"{y(value):.1f}", LEFT - 6, f"{y(value) + 4:.1f}",
                f"{value:,.0f}".replace(",", " "),
            )
        )
    ticks = sorted({round(index * (count - 1) / 5) for index in range(6)}) if count > 1 else [0]
    for index in ticks if count else []:
        # The first and last labels lean inwards, so that they stay inside the picture.
        anchor = "start" if index == 0 and count > 1 else "end" if index == count - 1 and count > 1 else "middle"
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="{}" fill="#555">{}</text>',
                f"{x(index):.1f}", HEIGHT - BOTTOM + 18, anchor, points[index][0],
            )
        )
    for series, name in enumerate(names):
        colour = COLOURS[series % len(COLOURS)]
        coordinates = " ".join(f"{x(index):.1f},{y(point[series + 1]):.1f}" for index, point in enumerate(points))
        if count:
            parts.append(
                format_html(
                    '<polyline class="series-{}" points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                    series, coordinates, colour,
                )
            )
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
                LEFT + 10 + series * 160, HEIGHT - 14, colour, LEFT + 28 + series * 160, HEIGHT - 3, name,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def bar_chart(rows, title):
    """Horizontal bars: ``rows`` are (label, value)."""
    bar_h, gap, label_w = 26, 10, 170
    height = max(1, len(rows)) * (bar_h + gap) + gap
    top = max((value for _label, value in rows), default=0) or 1
    inner_w = WIDTH - label_w - 80
    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">',
            WIDTH, height, title,
        )
    ]
    for index, (label, value) in enumerate(rows):
        y = gap + index * (bar_h + gap)
        width = max(1.0, inner_w * value / top)
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" text-anchor="end" fill="#222">{}</text>'
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="13" fill="#222">{}</text>',
                label_w - 8, y + bar_h - 8, label, label_w, y, f"{width:.1f}", bar_h, COLOURS[0],
                f"{label_w + width + 6:.1f}", y + bar_h - 8, f"{value:,}".replace(",", " "),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


