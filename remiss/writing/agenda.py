"""A body's agenda for a meeting (föredragningslista) as blocks. Pure Python, no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from remiss.writing.reply import Block
from remiss.writing.swedish import swedish_date


@dataclass(frozen=True)
class AgendaLine:
    number: int  # the item's § number
    case_number: str  # "KS 2026/5"
    title: str  # "" when the reader may not see the case: only its number is listed


def agenda_blocks(
    organisation: str, body: str, date: dt.date, items: list[AgendaLine]
) -> list[Block]:
    rows = tuple((f"§ {item.number}", item.case_number, item.title) for item in items)
    blocks = [
        Block("header", organisation),
        Block("title", f"Föredragningslista – {body}"),
        Block("paragraph", f"Sammanträde {swedish_date(date)}"),
    ]
    if rows:
        blocks.append(Block("table", "Ärenden", (("Paragraf", "Diarienummer", "Ärende"), *rows)))
    else:
        blocks.append(Block("paragraph", "Inga ärenden är uppförda."))
    return blocks
