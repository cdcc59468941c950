"""Keyword routing: which departments' keywords a text contains, earliest first.

The keywords of an organisation are compiled once into an Aho–Corasick automaton over
folded text (``pyahocorasick``, a C implementation of the algorithm; no I/O), so a text
is scanned in one pass however many keywords there are, and each hit is checked where it
lies. A keyword matches whole words, its punctuation with or without spaces around it
("phòng, chống" and "phòng,chống"); an accented keyword needs the same marks as the text
("nhãn" never matches "nhân"; "nhan" matches both).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple

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


class Entry(NamedTuple):
    """One way a keyword can be written, as the automaton finds it."""

    order: int  # the department's place in the configuration
    code: str
    marks: tuple[str, ...]  # the diacritics of each word ("" for none)
    length: int  # the keyword's folded length, to prefer the longest
    written: str  # this way of writing it, lower-case with its accents
    word_start: bool  # it begins with a word: the character before must not be one
    word_end: bool  # it ends with a word: the character after must not be one


@lru_cache(maxsize=65536)
def _marks(token: str) -> str:
    """The diacritic marks of a (lower-case) word, sorted; Vietnamese has few syllables."""
    decomposed = unicodedata.normalize("NFD", token)
    marks = [c for c in decomposed if unicodedata.category(c) == "Mn"]
    return "".join(sorted(marks)) + "đ" * token.count("đ")


def _lowered(text: str) -> str:
    return nfc(text).casefold().replace("–", "-").replace("—", "-")


def _spellings(words: list[str]) -> list[str]:
    """The ways to write ``words`` (words and marks) on one line: a space between two
    words, a space or none next to a mark ("phòng, chống", "phòng,chống", "kh & cn")."""
    joins = [
        (" ",) if _WORD.match(a[-1]) and _WORD.match(b[0]) else ("", " ")
        for a, b in zip(words, words[1:], strict=False)
    ]
    spelt = []
    for choice in itertools.product(*joins):
        parts = [words[0]]
        for sep, word in zip(choice, words[1:], strict=True):
            parts += [sep, word]
        spelt.append("".join(parts))
    return spelt


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
            if not words:
                continue
            marks = tuple(_marks(w) for w in words if _WORD.match(w))
            starts, ends = bool(_WORD.match(words[0])), bool(_WORD.match(words[-1][-1]))
            for written in _spellings(words):
                key = fold_aligned(written)
                entry = Entry(order, dept.code, marks, len(fold(keyword)), written, starts, ends)
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
    text = nfc(text)
    folded = folded if folded is not None else fold_aligned(text)
    if "  " in folded or len(folded) != len(text):  # one space between words, as keys have
        text = " ".join(text.split())
        folded = fold_aligned(text)
    best: dict[str, tuple[int, int, int]] = {}
    for end, (size, found) in automaton.iter(folded):
        start, after = end - size + 1, end + 1
        for order, code, marks, length, written, word_start, word_end in found:
            if code in exclude:
                continue
            if word_start and start > 0 and _is_word(folded[start - 1]):
                continue
            if word_end and after < len(folded) and _is_word(folded[after]):
                continue
            if any(marks) and not _same_marks(text[start:after], written, marks):
                continue
            rank = (start, -length, order)
            if code not in best or rank < best[code]:
                best[code] = rank
    return sorted(best, key=best.__getitem__)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _same_marks(span: str, written: str, marks: tuple[str, ...]) -> bool:
    """True when the words of ``span`` carry the keyword's marks (or either has none)."""
    if span.casefold() == written:  # the usual case (``span`` is composed already)
        return True
    lowered = _lowered(span)
    if lowered == written:
        return True
    words = [w for w in _words(lowered) if _WORD.match(w)]
    if len(words) != len(marks):
        return True  # the text's words did not fold one for one: accept the folded match
    pairs = zip(words, marks, strict=True)
    return all(not m or not (w := _marks(word)) or w == m for word, m in pairs)
