"""Bar charts: portal.lib.svg places the bars and writes every coordinate short; templates draw them."""

from django.template.loader import render_to_string

from portal.lib.svg import Bar, BarChart


def chart(vertical: bool) -> BarChart:
    bars = [
        Bar("GFMD 2007", 4),
        Bar("A label much longer than any row or column can hold, cut short", 8, highlight=True),
    ]
    return BarChart("c", "Title & <more>", "Described", "Edition", "Countries", bars, vertical=vertical)


def test_every_coordinate_is_written_short_and_the_longest_bar_fills_the_plot():
    for vertical in (False, True):
        drawing = chart(vertical).drawing
        values = [drawing.width, drawing.height, drawing.axis_x1, drawing.axis_x2]
        values += [getattr(bar, name) for bar in drawing.bars for name in ("x", "y", "width", "height")]
        assert all(len(value.partition(".")[2]) <= 1 for value in values), values
    horizontal = chart(False).drawing
    assert float(horizontal.bars[1].width) == 2 * float(horizontal.bars[0].width)
    vertical = chart(True).drawing
    assert float(vertical.bars[1].height) == 2 * float(vertical.bars[0].height)


def test_the_templates_escape_text_and_mark_the_highlighted_bar_not_by_colour_alone():
    horizontal = render_to_string("charts/_horizontal_bars.svg", {"drawing": chart(False).drawing})
    assert '<title id="c-title">Title &amp; &lt;more&gt;</title>' in horizontal
    assert (
        "<title>A label much longer than any row or column can hold, cut short</title>" in horizontal
    )  # cut, kept whole
    assert horizontal.count('class="chart-item is-highlight"') == 1
    vertical = render_to_string("charts/_vertical_bars.svg", {"drawing": chart(True).drawing})
    assert vertical.startswith('<svg class="chart chart-vertical"')
    assert vertical.count('class="chart-marker"') == 1
