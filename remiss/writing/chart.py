"""A stacked bar chart as SVG text, for the compilation page: one bar per proposal, one segment
per stance. Plain Python (no Django, no script): the page shows it inline, beside the table of
the same counts that is its text alternative (WCAG 1.1.1), in colours with at least 3:1
contrast to white (1.4.11) and a legend that names each stance in words (1.4.1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Stance → fill; white text on each has at least 4.5:1 contrast.
COLOURS = {
    "supports": "#1a7f37",
    "opposes": "#b42318",
    "mixed": "#b54708",
    "no_objection": "#175cd3",
    "abstains": "#5d6b82",
    "unclear": "#6941c6",
}
LABEL_WIDTH = 170
BAR_WIDTH = 520
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclass(frozen=True)
class Bar:
    label: str
    counts: dict[str, int]  # stance → bodies


def stacked_bars(
    bars: Sequence[Bar],
    *,
    stances: Sequence[str],
    words: dict[str, str],
    title: str,
    described_by: str = "",
) -> str:
    """The chart as an <svg> element; every text in it escaped. Each bar is as long as the
    most bodies any proposal has, so bars can be compared; `described_by` names the id of the
    table with the same numbers."""
    most = max((sum(bar.counts.values()) for bar in bars), default=0) or 1
    legend_y = len(bars) * ROW_HEIGHT + 10
    height = legend_y + 24
    width = LABEL_WIDTH + BAR_WIDTH + 10
    described = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="chart-title"{described}>',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for row, bar in enumerate(bars):
        y = row * ROW_HEIGHT
        label = bar.label if len(bar.label) <= 26 else bar.label[:25] + "…"
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="13" fill="#1d2939">{escape(label)}</text>'
        )
        x = float(LABEL_WIDTH)
        for stance in stances:
            count = bar.counts.get(stance, 0)
            if not count:
                continue
            length = BAR_WIDTH * count / most
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLOURS[stance]}" stroke="#ffffff" stroke-width="1">'
                f"<title>{escape(words[stance])}: {count}</title></rect>"
            )
            if length >= 18:
                parts.append(
                    f'<text x="{x + length / 2:.1f}" y="{y + 14}" font-size="12" '
                    f'fill="#ffffff" text-anchor="middle">{count}</text>'
                )
            x += length
    x = 0.0
    for stance in stances:
        parts.append(
            f'<rect x="{x:.1f}" y="{legend_y}" width="12" height="12" fill="{COLOURS[stance]}"/>'
            f'<text x="{x + 16:.1f}" y="{legend_y + 11}" font-size="12" fill="#1d2939">'
            f"{escape(words[stance])}</text>"
        )
        x += 16 + 8 * len(words[stance]) + 14
    parts.append("</svg>")
    return "".join(parts)
