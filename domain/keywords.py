"""Keyword routing: which departments' keywords a text contains, earliest first.

The keywords of an organisation are compiled once into an Aho–Corasick automaton over
folded words (``pyahocorasick``, a C implementation of the algorithm; no I/O), so a text
is scanned in one pass however many keywords there are. A hit counts on whole words, and
an accented keyword needs the same marks as the text ("nhãn" never matches "nhân";
"nhan" matches both).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import ahocorasick

from domain.organisation import Organisation
from domain.text import fold, fold_aligned, nfc


class _Spaced(dict[int, str]):
    """A ``str.translate`` table putting spaces around each punctuation mark, worked out
    per character on first sight: ``text.translate(_SPACED).split()`` is the words and
    marks of ``\\w+|[^\\w\\s]`` at C speed."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = value = ch if ch.isspace() or _WORD.match(ch) else f" {ch} "
        return value


_WORD = re.compile(r"\w")
_SPACED = _Spaced()


def _words(text: str) -> list[str]:
    return text.translate(_SPACED).split()


# (config order, code, marks per word, folded length, the words as written)
Entry = tuple[int, str, tuple[str, ...], int, tuple[str, ...]]


@lru_cache(maxsize=65536)
def _marks(token: str) -> str:
    """The diacritic marks of a (lower-case) word, sorted; Vietnamese has few syllables."""
    decomposed = unicodedata.normalize("NFD", token)
    marks = [c for c in decomposed if unicodedata.category(c) == "Mn"]
    return "".join(sorted(marks)) + "đ" * token.count("đ")


def _lowered(text: str) -> str:
    return nfc(text).casefold().replace("–", "-").replace("—", "-")


_automata: dict[int, tuple[Organisation, Any]] = {}


def _automaton(org: Organisation) -> Any:
    """The organisation's keywords compiled (once per organisation object)."""
    hit = _automata.get(id(org))
    if hit is not None and hit[0] is org:
        return hit[1]
    entries: dict[str, list[Entry]] = {}
    for order, dept in enumerate(org.departments):
        for keyword in dept.keywords:
            words = _words(_lowered(keyword))
            if words:
                key = " " + " ".join(fold(w) for w in words) + " "
                marks = tuple(_marks(w) for w in words)
                entry = (order, dept.code, marks, len(fold(keyword)), tuple(words))
                entries.setdefault(key, []).append(entry)
    automaton = ahocorasick.Automaton()
    for key, found in entries.items():
        automaton.add_word(key, (len(key), tuple(found)))
    if entries:
        automaton.make_automaton()
    _automata[id(org)] = (org, automaton if entries else None)
    return _automata[id(org)][1]


def keyword_rank(
    text: str, org: Organisation, *, exclude: frozenset[str], folded: str | None = None
) -> list[str]:
    """Departments whose keywords occur, earliest (then longest, then config order) first.

    ``folded`` is ``fold_aligned(text)`` when the caller has it already.
    """
    automaton = _automaton(org)
    if automaton is None:
        return []
    spaced = " " + " ".join(_words(folded or fold_aligned(nfc(text)))) + " "
    written: list[str] | None = None
    best: dict[str, tuple[int, int, int]] = {}
    for end, (size, found) in automaton.iter(spaced):
        first = spaced.count(" ", 0, end - size + 2) - 1  # the hit's first word
        for order, code, marks, length, as_written in found:
            if code in exclude:
                continue
            if any(marks):
                written = written if written is not None else _words(_lowered(text))
                same = tuple(written[first : first + len(marks)]) == as_written  # the usual case
                if not same and not _same_marks(written, first, marks):
                    continue
            rank = (first, -length, order)
            if code not in best or rank < best[code]:
                best[code] = rank
    return sorted(best, key=best.__getitem__)


def _same_marks(written: list[str], first: int, marks: tuple[str, ...]) -> bool:
    """True when the words from ``first`` carry the keyword's marks (or either has none)."""
    if first + len(marks) > len(written):
        return True  # the text's words did not fold one for one: accept the folded match
    pairs = zip(written[first : first + len(marks)], marks, strict=True)
    return all(not m or not (w := _marks(word)) or w == m for word, m in pairs)
