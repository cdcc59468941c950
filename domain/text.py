"""Text helpers shared by the parser, the routing rules and the due-date rules."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def _fold_char(ch: str) -> str:
    """One character's folded form (may be empty, e.g. a combining mark)."""
    ch = ch.replace("Đ", "D").replace("đ", "d").replace("–", "-").replace("—", "-")
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


class _Table(dict[int, str]):
    """A ``str.translate`` table that works out each character once, on first sight."""

    def __init__(self, aligned: bool) -> None:
        super().__init__()
        self.aligned = aligned

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = _fold_char(ch)
        if self.aligned:
            if not ch.isspace() and len(value) != 1:
                _INEXACT.add(ch)
            value = " " if ch.isspace() else (value or " ")[:1]
        self[code] = value
        return value


_FOLD = _Table(aligned=False)
_ALIGNED = _Table(aligned=True)
_INEXACT: set[str] = set()  # characters seen whose fold is not one character ("ß", marks)


def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text`` for matching (``Đ`` becomes ``d``)."""
    return " ".join(fold_spaced(text).split())


def fold_spaced(text: str) -> str:
    """:func:`fold` before its runs of spaces are made one.

    Worked out from :func:`fold_aligned` (which routing and due dates then find
    remembered) unless the text holds a character that folds to more or less than one.
    """
    aligned = fold_aligned(text)
    if _INEXACT and any(ch in text for ch in _INEXACT):
        return text.translate(_FOLD)
    return aligned


@lru_cache(maxsize=64)
def fold_aligned(text: str) -> str:
    """Like :func:`fold` but one character per character, so positions line up.

    Remembered for a few texts: the merge key, routing and due dates all fold each
    task's text.
    """
    return text.translate(_ALIGNED)


def nfc(text: str) -> str:
    """Canonical composed Unicode, so equal Vietnamese text compares equal."""
    return unicodedata.normalize("NFC", text)


def squeeze(text: str) -> str:
    """Collapse runs of whitespace into single spaces (and trim the ends)."""
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut on a word boundary and ended with "…" when longer than
    ``limit`` characters (a long word is cut where it must)."""
    text = squeeze(text)
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
    return cut.rstrip(" ,;:–-") + "…"
