"""Where a line of converted text was in the original document.

A ``.docx`` is read as text (:mod:`documents.reading`); a warning about it should name
the paragraph or the table row a person can find in Word, not a line of that text. A
:class:`Place` is the converted line's number (an ``int``: sorting, JSON and the stored
item keep it) that messages name by its origin: "đoạn 12", "bảng 1, dòng 4".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Place(int):
    """A converted line's number, named by where it was: ``wording`` is the code and
    parameters of its name (``place_paragraph``, ``place_table_row``)."""

    wording: tuple[str, dict[str, int]]

    def __new__(cls, line: int, code: str, **params: int) -> Place:
        place = super().__new__(cls, line)
        place.wording = (code, params)
        return place

    @classmethod
    def paragraph(cls, line: int, number: int) -> Place:
        return cls(line, "place_paragraph", paragraph=number)

    @classmethod
    def table_row(cls, line: int, table: int, row: int) -> Place:
        return cls(line, "place_table_row", table=table, row=row)

    def __repr__(self) -> str:
        return f"Place({int(self)}, {self.wording[0]!r}, **{self.wording[1]!r})"

    def __str__(self) -> str:  # the number, where a text has no phrase to replace
        return str(int(self))

    def __reduce__(self) -> Any:
        code, params = self.wording
        return (_rebuild, (int(self), code, params))


def _rebuild(line: int, code: str, params: dict[str, int]) -> Place:
    return Place(line, code, **params)


LINE_KEYS = ("line", "first_line")  # the parameters of problems that name a line


def placed(params: Mapping[str, Any], places: Mapping[int, Place]) -> dict[str, Any]:
    """``params`` with each line it names replaced by that line's :class:`Place`."""
    out = dict(params)
    for key in LINE_KEYS:
        line = out.get(key)
        if isinstance(line, int) and line in places:
            out[key] = places[line]
    return out
