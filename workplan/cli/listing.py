"""Tables that fit the terminal: numbers and states are never cut, long text wraps, and
the least needed columns go first when the terminal is narrow. Plain text (no Rich):
colour only on a terminal, and never when ``NO_COLOR`` is set."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

GAP = "  "
MIN_WRAPPED = 18  # a wrapped column narrower than this is not worth showing
RED, BOLD, DIM, RESET = "\x1b[31m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


@dataclass(frozen=True)
class Column:
    """A column: its header, whether its cells wrap, and when it is dropped (the larger
    ``drop``, the earlier; 0 never)."""

    key: str
    header: str
    wrap: bool = False
    drop: int = 0
    right: bool = False


@dataclass(frozen=True)
class Cell:
    text: str
    style: str = ""  # an ANSI style, used only when colour is on


Row = dict[str, Cell]


def width() -> int:
    """The terminal's width (``COLUMNS`` when set; 80 when not a terminal)."""
    return shutil.get_terminal_size((80, 24)).columns


def colour_on() -> bool:
    """Colour for a terminal that wants it: not piped, no ``NO_COLOR``, not ``TERM=dumb``."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def fit(columns: Sequence[Column], rows: Sequence[Row], total: int) -> list[tuple[Column, int]]:
    """The columns shown and their widths within ``total`` characters."""
    shown = list(columns)
    while True:
        natural = {c.key: max([len(c.header), *(len(r[c.key].text) for r in rows)]) for c in shown}
        fixed = sum(natural[c.key] for c in shown if not c.wrap) + len(GAP) * (len(shown) - 1)
        wrapped = [c for c in shown if c.wrap]
        room = total - fixed
        droppable = [c for c in shown if c.drop]
        if not wrapped or room >= MIN_WRAPPED * len(wrapped) or not droppable:
            break
        shown.remove(max(droppable, key=lambda c: c.drop))
    widths = {c.key: natural[c.key] for c in shown}
    if wrapped:
        wants = sum(natural[c.key] for c in wrapped)
        if wants > room:  # share the room by what each would take, at least MIN_WRAPPED
            for c in wrapped:
                widths[c.key] = max(MIN_WRAPPED, room * natural[c.key] // wants)
    return [(c, max(1, widths[c.key])) for c in shown]


def layout(
    columns: Sequence[Column], rows: Sequence[Row], *, wide: bool = False
) -> list[tuple[Column, int]]:
    """The columns to show and their widths: all of them at full width when ``wide``, else
    what fits the terminal."""
    if wide:
        return [(c, len_max(c, rows)) for c in columns]
    return fit(columns, rows, width())


def render(
    shown: Sequence[tuple[Column, int]], rows: Sequence[Row], *, wrap: bool = True,
    heading: Callable[[int], str | None] | None = None,
) -> str:
    """The table as text (cells wrapped to their column unless ``wrap`` is off);
    ``heading(i)``: a line to print before row ``i`` (a group's name), or None."""
    colour = colour_on()
    lines = [_line([(c.header, w, c.right, BOLD) for c, w in shown], colour)]
    for i, row in enumerate(rows):
        title = heading(i) if heading else None
        if title:
            lines.append(_paint(title, BOLD, colour))
        cells = []
        for c, w in shown:
            parts = textwrap.wrap(row[c.key].text, w) if c.wrap and wrap else [row[c.key].text]
            cells.append((parts or [""], w, c.right, row[c.key].style))
        for n in range(max(len(p) for p, *_ in cells)):
            lines.append(_line([(p[n] if n < len(p) else "", w, r, s) for p, w, r, s in cells],
                               colour))  # fmt: skip
    return "\n".join(line.rstrip() for line in lines)


def table(columns: Sequence[Column], rows: Sequence[Row]) -> str:
    """The table as text, fitted to the terminal."""
    return render(layout(columns, rows), rows)


def len_max(column: Column, rows: Sequence[Row]) -> int:
    return max([len(column.header), *(len(r[column.key].text) for r in rows)])


def _line(cells: list[tuple[str, int, bool, str]], colour: bool) -> str:
    out = []
    for text, w, right, style in cells:
        padded = text.rjust(w) if right else text.ljust(w)
        out.append(_paint(padded, style, colour) if text else padded)
    return GAP.join(out)


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{style}{text}{RESET}" if colour and style else text
