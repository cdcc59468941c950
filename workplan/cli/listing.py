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
MAX_WORD = 32  # a longer word (an address, a path) may be split to fit
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
        natural = {c.key: len_max(c, rows) for c in shown}
        fixed = sum(natural[c.key] for c in shown if not c.wrap) + len(GAP) * (len(shown) - 1)
        wrapped = [c for c in shown if c.wrap]
        least = {c.key: least_width(c, rows) for c in wrapped}
        room = total - fixed
        droppable = [c for c in shown if c.drop]
        if not wrapped or room >= sum(least.values()) or not droppable:
            break
        shown.remove(max(droppable, key=lambda c: c.drop))
    widths = {c.key: natural[c.key] for c in shown}
    if wrapped and sum(natural[c.key] for c in wrapped) > room:
        widths |= _share(wrapped, natural, least, room)
    return [(c, max(1, widths[c.key])) for c in shown]


def _share(
    wrapped: Sequence[Column], natural: dict[str, int], least: dict[str, int], room: int
) -> dict[str, int]:
    """Widths of the wrapped columns within ``room``: each its least (no more than it
    would take; when the leasts do not fit, the largest cut first, down to
    :data:`MIN_WRAPPED`), then the rest of the room by what each would take beyond that."""
    low = {c.key: min(natural[c.key], least[c.key]) for c in wrapped}
    excess = sum(low.values()) - room
    for key in sorted(low, key=low.__getitem__, reverse=True):
        cut = max(0, min(excess, low[key] - MIN_WRAPPED))
        low[key], excess = low[key] - cut, excess - cut
    spare = max(0, room - sum(low.values()))
    beyond = {k: natural[k] - v for k, v in low.items()}
    wants = sum(beyond.values()) or 1
    return {k: v + spare * beyond[k] // wants for k, v in low.items()}


def least_width(column: Column, rows: Sequence[Row]) -> int:
    """The narrowest a wrapped column goes: :data:`MIN_WRAPPED`, or its longest word up to
    :data:`MAX_WORD`, so that an address or a code is not split across lines."""
    longest = max((len(word) for r in rows for word in r[column.key].text.split()), default=0)
    return max(MIN_WRAPPED, min(longest, MAX_WORD))


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
            parts = wrap_text(row[c.key].text, w) if c.wrap and wrap else [row[c.key].text]
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


def wrap_text(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of ``width`` at most, broken between words; a hyphen is not a
    break ("bac-giang" stays whole). A word longer than a line starts a line of its own
    and goes on over the next."""
    size = max(1, width - len(indent))
    pieces = [word[i:i + size] for word in text.split() for i in range(0, len(word), size)]
    return textwrap.wrap(" ".join(pieces), width, subsequent_indent=indent,
                         break_on_hyphens=False)  # fmt: skip
