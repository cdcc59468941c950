"""Many table rows of plain text, fast: the first row is built cell by cell with the
decree's formatting (:func:`documents.decree30.cell_text`), the others are copies of it
holding their own texts. python-docx takes about half a millisecond per cell; a copy of
the row's XML takes a few microseconds, so a report of thousands of items is written in
seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from copy import deepcopy
from typing import Any

from docx.oxml.ns import qn
from docx.table import Table

from documents.decree30 import add_row, cell_text, keep_row_together

_PLACEHOLDER = "·"
_PRESERVE = qn("xml:space")


def add_text_rows(
    tbl: Table,
    widths_mm: Sequence[float],
    rows: Iterable[Sequence[str]],
    *,
    size: float = 12,
    centred: Collection[int] = (),
) -> int:
    """Append a row per entry of ``rows``, each cell its text (lines apart with "\\n"),
    ``size`` pt, the ``centred`` columns centred, each row kept on one page; how many."""
    template: Any = None
    count = 0
    for values in rows:
        if template is None:
            cells = add_row(tbl, widths_mm)
            keep_row_together(tbl, cells)
            for col, cell in enumerate(cells):
                cell_text(cell, _PLACEHOLDER, size=size, centre=col in centred)
            template = cells[0]._tc.getparent()
            tbl._tbl.remove(template)
        row = deepcopy(template)
        for tc, value in zip(row.tc_lst, values, strict=True):
            _fill(tc, value)
        tbl._tbl.append(row)
        count += 1
    return count


def _fill(tc: Any, value: str) -> None:
    """Put ``value`` in a copied cell: one paragraph per line, formatted as the first."""
    first = tc.p_lst[0]
    last = first
    for n, line in enumerate(value.split("\n")):
        par = first if n == 0 else deepcopy(first)
        words = par.find(qn("w:r")).find(qn("w:t"))
        words.text = line
        words.set(_PRESERVE, "preserve")
        if n:
            last.addnext(par)
            last = par
