"""Small charts drawn on the server as SVG: horizontal and vertical bar charts, and a timeline of lanes.

Every chart is an ``<svg role="img">`` whose accessible name is its ``<title>`` and whose
description is its ``<desc>``; the page shows the same numbers in a table next to it (the chart
objects keep their data so that the template can write that table). This module places things and
writes every coordinate as text; the templates in templates/charts/ draw the SVG (and escape the
text). Colours come from CSS classes (the content security policy forbids inline styles), so a
chart without the stylesheet is still legible.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

FONT_SIZE = 12
CHAR_WIDTH = 6.6  # a generous average glyph width at FONT_SIZE, used to fit labels
LABEL_CHARS = 16  # slanted labels longer than this are cut


def number(value: float, digits: int = 1) -> str:
    """A coordinate written short: ``digits`` decimals at most, no trailing zero (12, 12.5, -0.3)."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def clip(text: str, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` units at FONT_SIZE."""
    room = max(int(width / CHAR_WIDTH), 4)
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    highlight: bool = False
    url: str = ""


@dataclass(frozen=True)
class DrawnBar:
    """A bar placed on its chart: the rectangle, the value written beside or above it, and its label
    (``shown``, cut to fit; the whole ``label`` as a tooltip when cut). Every coordinate is text."""

    label: str
    shown: str
    value: int
    highlight: bool
    x: str
    y: str
    width: str
    height: str
    value_x: str
    value_y: str
    label_x: str
    label_y: str
    marker_x: str = ""  # vertical charts: the tip of the marker under a highlighted bar
    marker_y: str = ""


@dataclass(frozen=True)
class BarDrawing:
    """What templates/charts/_horizontal_bars.svg and _vertical_bars.svg draw."""

    chart_id: str
    title: str
    desc: str
    width: str
    height: str
    bars: list[DrawnBar]
    axis_x1: str
    axis_y1: str
    axis_x2: str
    axis_y2: str


@dataclass
class BarChart:
    """Bars with a label and a whole number each; ``highlight`` marks one bar (e.g. the current edition)."""

    chart_id: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: list[Bar] = field(default_factory=list)
    vertical: bool = False
    highlight_note: str = ""
    empty_text: str = ""  # the sentence shown instead of a chart without bars

    @property
    def is_empty(self) -> bool:
        return not self.bars

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def drawing(self) -> BarDrawing:
        return vertical_bars(self) if self.vertical else horizontal_bars(self)


def horizontal_bars(chart: BarChart) -> BarDrawing:
    """One row per bar: the label on the left, the bar, then its value."""
    row, bar_height, bar_room, value_room = 24, 14, 320, 44
    longest = max((len(bar.label) for bar in chart.bars), default=4)
    label_width = min(max(longest * CHAR_WIDTH, 60), 300)
    top = 6
    height = top * 2 + row * max(len(chart.bars), 1)
    width = label_width + 8 + bar_room + value_room
    peak = max((bar.value for bar in chart.bars), default=0) or 1
    bars = []
    for index, bar in enumerate(chart.bars):
        middle = top + index * row + row / 2
        length = bar_room * bar.value / peak
        bars.append(
            DrawnBar(
                label=bar.label,
                shown=clip(bar.label, label_width),
                value=bar.value,
                highlight=bar.highlight,
                x=number(label_width + 8),
                y=number(middle - bar_height / 2),
                width=number(length),
                height=number(bar_height),
                value_x=number(label_width + 8 + length + 4),
                value_y=number(middle + 4),
                label_x=number(label_width),
                label_y=number(middle + 4),
            )
        )
    axis = (number(label_width + 8), number(top), number(label_width + 8), number(height - top))
    return BarDrawing(chart.chart_id, chart.title, chart.description, number(width), number(height), bars, *axis)


def vertical_bars(chart: BarChart) -> BarDrawing:
    """One column per bar, labels slanted below the axis; a highlighted bar gets a marker under it."""
    slot, bar_width, plot, top, side = 44, 28, 150, 20, 10
    peak = max((bar.value for bar in chart.bars), default=0) or 1
    base = top + plot
    # Labels slant down to the left at 40°: the first one needs room on the left, all of them below.
    longest = min(max((len(bar.label) for bar in chart.bars), default=4), LABEL_CHARS)
    reach = longest * CHAR_WIDTH
    left = max(side, reach * 0.77 - slot / 2 + 2)
    label_room = reach * 0.65 + 28
    width = left + side + slot * max(len(chart.bars), 1)
    height = base + label_room
    bars = []
    for index, bar in enumerate(chart.bars):
        centre = left + index * slot + slot / 2
        length = plot * bar.value / peak
        bars.append(
            DrawnBar(
                label=bar.label,
                shown=clip(bar.label, LABEL_CHARS * CHAR_WIDTH),
                value=bar.value,
                highlight=bar.highlight,
                x=number(centre - bar_width / 2),
                y=number(base - length),
                width=number(bar_width),
                height=number(length),
                value_x=number(centre),
                value_y=number(base - length - 5),
                label_x=number(centre + 4),
                label_y=number(base + 20),
                marker_x=number(centre),
                marker_y=number(base + 2),
            )
        )
    axis = (number(left), number(base), number(width - side), number(base))
    return BarDrawing(chart.chart_id, chart.title, chart.description, number(width), number(height), bars, *axis)


# --- timeline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One lane in one column: the text the chart writes there, a number for bar lanes, a CSS state."""

    text: str
    value: int = 0
    state: str = ""


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    cells: Sequence[Cell]
    bars: bool = False  # bars scaled to the lane's largest value; otherwise a labelled box per cell


@dataclass(frozen=True)
class DrawnCell:
    """A cell placed on the timeline: its shape (a bar or a box), its text and where they go."""

    lane: str
    column: str
    state: str
    bar: bool
    x: str
    y: str
    width: str
    height: str
    text: str
    text_x: str
    text_y: str


@dataclass(frozen=True)
class DrawnLane:
    label: str
    label_x: str
    label_y: str
    rule_y: str
    cells: list[DrawnCell]


@dataclass(frozen=True)
class TimelineDrawing:
    """What templates/charts/_timeline.svg draws: every coordinate already written as text."""

    chart_id: str
    title: str
    desc: str
    width: str
    height: str
    rule_x1: str
    rule_x2: str
    lanes: list[DrawnLane]
    column_labels: list[tuple[str, str, str]]  # (name, x, y)


def timeline(*, chart_id: str, title: str, desc: str, columns: Sequence[str], lanes: Sequence[Lane]) -> TimelineDrawing:
    """Lanes (rows) across columns (e.g. editions): boxes with a short text, or bars with their number,
    placed for templates/charts/_timeline.svg."""
    label_width, column, box_lane, bar_lane, label_room, top = 200, 44, 32, 54, 66, 8
    width = label_width + column * len(columns) + 8
    drawn = []
    y = top
    centres = [label_width + index * column + column / 2 for index in range(len(columns))]
    for lane in lanes:
        lane_height = bar_lane if lane.bars else box_lane
        peak = max((cell.value for cell in lane.cells), default=0) or 1
        cells = []
        for name, centre, cell in zip(columns, centres, lane.cells, strict=True):
            if lane.bars:
                length = (lane_height - 18) * cell.value / peak
                bottom = y + lane_height - 2
                x, top_y, box_width, height = centre - 11, bottom - length, 22, length
                text_y = bottom - length - 4
            else:
                x, top_y, box_width, height = centre - column / 2 + 3, y + 4, column - 6, box_lane - 8
                text_y = y + box_lane / 2 + 4
            cells.append(
                DrawnCell(
                    lane=lane.key,
                    column=name,
                    state=cell.state or "plain",
                    bar=lane.bars,
                    x=number(x),
                    y=number(top_y),
                    width=number(box_width),
                    height=number(height),
                    text=cell.text,
                    text_x=number(centre),
                    text_y=number(text_y),
                )
            )
        label_y = number(y + lane_height / 2 + 4)
        y += lane_height
        drawn.append(DrawnLane(clip(lane.label, label_width - 12), number(label_width - 10), label_y, number(y), cells))
    return TimelineDrawing(
        chart_id=chart_id,
        title=title,
        desc=desc,
        width=number(width),
        height=number(y + label_room),
        rule_x1=number(label_width - 4),
        rule_x2=number(width - 4),
        lanes=drawn,
        column_labels=[
            (name, number(centre + 4), number(y + 16)) for name, centre in zip(columns, centres, strict=True)
        ],
    )
