"""The charts of the statistics reports, drawn with reportlab's graphics in DejaVu fonts."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from rozupe_desk.i18n import tr
from rozupe_desk.reports import fonts
from rozupe_desk.reports.layout import SERIES_COLOURS


def _value_step(top: float) -> float:
    """A round axis step (1, 2, 5, 10, 20, 50 …) giving at most six grid lines."""
    step = 1
    while top / step > 6:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return step


def bar_chart(categories: Sequence[str], series: Sequence[Sequence[int]], *,
              width: float, height: float, names: Sequence[str] = (),
              label_values: bool = True, slanted: bool = False) -> Drawing:
    """Vertical bars; several series are grouped per category with a legend below."""
    drawing = Drawing(width, height, initialFontName=fonts.SANS)
    legend_room = 14 if names else 0
    chart = VerticalBarChart()
    label_room = 26 if slanted else 0
    chart.x, chart.y = 30, 18 + legend_room + label_room
    chart.width, chart.height = width - 40, height - 30 - legend_room - label_room
    chart.data = [list(values) for values in series]
    top = max((max(values, default=0) for values in series), default=0)
    step = _value_step(max(top, 1))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(step, (int(top / step) + 1) * step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = fonts.SANS
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.categoryNames = list(categories)
    if slanted:  # long names stay readable side by side
        chart.categoryAxis.labels.angle = 35
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.fontName = fonts.SANS
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.dy = -2
    chart.barSpacing = 1
    chart.groupSpacing = 4 if len(categories) > 15 else 8
    for index in range(len(series)):
        chart.bars[index].fillColor = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        chart.bars[index].strokeColor = None
    chart.barLabels.fontName = fonts.SANS
    if label_values:
        chart.barLabelFormat = "%d"
        chart.barLabels.fontSize = 6.5
        chart.barLabels.nudge = 6
    drawing.add(chart)
    if names:
        legend = Legend()
        legend.x, legend.y = 30, 6
        legend.fontName = fonts.SANS
        legend.fontSize = 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dx = legend.dy = 7
        legend.deltax = 70
        legend.colorNamePairs = [(SERIES_COLOURS[i], name) for i, name in enumerate(names)]
        drawing.add(legend)
    if top == 0:
        drawing.add(String(width / 2, height / 2, tr("report.chart.none"),
                           fontName=fonts.SANS, fontSize=8, textAnchor="middle"))
    return drawing


def loans_by_type(counts: dict[str, int], *, width: float, height: float) -> Drawing:
    kinds = list(counts)
    return bar_chart([tr(f"doctype.{kind}") for kind in kinds], [[counts[k] for k in kinds]],
                     width=width, height=height, slanted=True)


def visits_by_day(days: Sequence[tuple[object, int]], *, width: float, height: float
                  ) -> Drawing:
    labels = [str(day.day) for day, _count in days]
    return bar_chart(labels, [[count for _day, count in days]], width=width, height=height,
                     label_values=False)


def children_and_adults(figures: dict, *, width: float, height: float) -> Drawing:
    """Users, visits and loans split into children and adults."""
    pairs = (("users_registered", "users_children"), ("visits", "visits_children"),
             ("loans", "loans_children"))
    children = [int(figures[part]) for _total, part in pairs]
    adults = [int(figures[total]) - int(figures[part]) for total, part in pairs]
    return bar_chart(
        [tr("report.chart.users"), tr("report.chart.visits"), tr("report.chart.loans")],
        [children, adults], width=width, height=height,
        names=[tr("report.chart.children"), tr("report.chart.adults")])
