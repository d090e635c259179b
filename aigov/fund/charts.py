"""The fund's charts: disbursements by income group beside the HLAB baseline (bars, with the
shared helper), and the flow from contributors through the fund to recipient countries (an SVG
drawn here: bands whose width is the money, in US dollars)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from aigov.core import charts
from aigov.fund.selectors import FlowRow, GiverRow, Share

FLOW_WIDTH, FLOW_HEIGHT, NODE_WIDTH, GAP = 360, 240, 10, 4


def income_group_chart(shares: Sequence[Share]) -> charts.RowChart:
    """Return bars of each income group's share of the disbursements (US dollars)."""
    rows = [
        (
            share.label,
            [
                charts.Bar(
                    [charts.Segment(float(share.share), charts.PALETTE[0])],
                    text=charts.format_percent(share.share),
                )
            ],
        )
        for share in shares
    ]
    return charts.bar_chart(rows, maximum=1.0, title=_("Share of disbursements by income group"))


@dataclass(frozen=True)
class Node:
    label: str
    x: float
    y: float
    height: float
    text_x: float
    anchor: str


@dataclass(frozen=True)
class Band:
    path: str
    title: str
    colour: str


@dataclass(frozen=True)
class FlowChart:
    width: int
    height: int
    nodes: list[Node]
    bands: list[Band]


def _stack(values: list[Decimal], total: Decimal) -> list[tuple[float, float]]:
    """Return (top, height) of each value stacked down the chart's height, with gaps."""
    usable = FLOW_HEIGHT - GAP * max(len(values) - 1, 0)
    spans, top = [], 0.0
    for value in values:
        height = max(float(value / total) * usable, 1.0) if total else 1.0
        spans.append((top, height))
        top += height + GAP
    return spans


def flow_chart(givers: Sequence[GiverRow], countries: Sequence[FlowRow]) -> FlowChart | None:
    """Return the flow from contributors (money and in kind) to the fund to recipient
    countries (committed), in US dollars; None when nothing has flowed. Right to left in
    Arabic: contributors start on the reading side."""
    given = [g.financial_usd + g.in_kind_usd for g in givers]
    granted = [c.committed_usd for c in countries]
    total_in, total_out = sum(given, Decimal(0)), sum(granted, Decimal(0))
    if not total_in and not total_out:
        return None
    rtl = get_language_bidi()

    def x_of(column: int) -> float:
        left = [0, (FLOW_WIDTH - NODE_WIDTH) / 2, FLOW_WIDTH - NODE_WIDTH][column]
        return FLOW_WIDTH - NODE_WIDTH - left if rtl else left

    nodes, bands = [], []
    fund_x = x_of(1)
    fund_spans = _stack([total_in], total_in or Decimal(1))
    nodes.append(Node(_("The fund"), fund_x, 0, FLOW_HEIGHT, fund_x + NODE_WIDTH / 2, "middle"))
    for column, rows, values, total, colour in (
        (0, [g.contributor for g in givers], given, total_in, charts.PALETTE[0]),
        (2, [c.label for c in countries], granted, total_out, charts.PALETTE[2]),
    ):
        x = x_of(column)
        inner_edge_towards_fund = x < fund_x
        fund_top = 0.0
        scale = float(total / max(total_in, total_out)) if max(total_in, total_out) else 1.0
        for label, value, (top, height) in zip(rows, values, _stack(values, total), strict=True):
            text_x = x - 4 if inner_edge_towards_fund else x + NODE_WIDTH + 4
            nodes.append(Node(label, x, top, height, text_x, "end" if x < fund_x else "start"))
            band_height = height * scale
            near = x + NODE_WIDTH if x < fund_x else x
            far = fund_x if x < fund_x else fund_x + NODE_WIDTH
            middle = (near + far) / 2
            path = (
                f"M{near:.1f},{top:.1f} C{middle:.1f},{top:.1f} {middle:.1f},{fund_top:.1f} "
                f"{far:.1f},{fund_top:.1f} L{far:.1f},{fund_top + band_height:.1f} "
                f"C{middle:.1f},{fund_top + band_height:.1f} {middle:.1f},{top + height:.1f} "
                f"{near:.1f},{top + height:.1f} Z"
            )
            title = _("%(name)s: USD %(amount)s") % {
                "name": label,
                "amount": charts.format_decimal(value, 0),
            }
            bands.append(Band(path, title, colour))
            fund_top += band_height
    del fund_spans
    return FlowChart(FLOW_WIDTH, FLOW_HEIGHT, nodes, bands)
