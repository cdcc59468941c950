"""Stage 1: the source lines cleaned of what is not the document's text.

Text converted from PDF carries page furniture: page numbers ("- 2 -", "Trang 1/2"), a
running header repeated at the top of each page, words hyphenated across a line end. They
go, and so do the blank lines around a page break that cuts a sentence, so a task cut by a
page break reads as one. A table written without its outer pipes (``STT | Nội dung |
Chủ trì`` over ``---|---|---``) gets them. Each line keeps its number in the file.
"""

from __future__ import annotations

import re
from collections import Counter

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*\d{1,3}\s*[-–—]|(?:trang|page)\s+\d{1,3}(?:\s*(?:/|của|of)\s*\d{1,3})?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_SENTENCE_END = re.compile(r"[.;:!?)”\"]\s*$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")

Source = list[tuple[int, str]]  # (line number in the file, text)


def clean(text: str) -> Source:
    """The file's lines without page furniture, joined across page breaks; tables piped."""
    lines: Source = list(enumerate(text.splitlines(), 1))  # a form feed ends a line too
    furniture = _furniture(lines)
    kept: Source = []
    for no, line in lines:
        if no in furniture:
            if kept and not _SENTENCE_END.search(kept[-1][1]):
                while kept and not kept[-1][1].strip():  # the page cut a sentence
                    kept.pop()
            continue
        if not line.strip() and furniture and kept and _cut_before(kept, no, furniture):
            continue
        kept.append((no, line))
    return _pipe_tables(_join_hyphens(kept))


def _furniture(lines: Source) -> set[int]:
    """Line numbers of page numbers, and of running headers next to them."""
    marks = {no for no, line in lines if _PAGE_NUMBER.match(line)}
    if not marks:
        return marks
    texts = {no: line.strip() for no, line in lines}
    marks |= {no for no, t in texts.items() if _BARE_NUMBER.match(t) and _near(no, marks, texts)}
    counts = Counter(t for t in texts.values() if t and len(t) <= 90)
    for no, t in texts.items():
        if counts[t] >= 2 and not t.startswith(("-", "+", "•", "|")) and _near(no, marks, texts):
            marks.add(no)
    return marks


def _near(no: int, marks: set[int], texts: dict[int, str]) -> bool:
    """True when only blank lines stand between line ``no`` and a page mark."""
    for step in (-1, 1):
        other = no + step
        while other in texts and not texts[other] and other not in marks:
            other += step
        if other in marks:
            return True
    return False


def _cut_before(kept: Source, no: int, furniture: set[int]) -> bool:
    """A blank line right after a page break that cut the sentence before it."""
    previous = kept[-1][0]
    between = range(previous + 1, no)
    return any(n in furniture for n in between) and not _SENTENCE_END.search(kept[-1][1])


def _join_hyphens(lines: Source) -> Source:
    """A word hyphenated at a line end, its rest starting the next line in lower case."""
    out: Source = []
    for no, line in lines:
        if out and line[:1].islower() and _HYPHENATED.search(out[-1][1].rstrip()):
            prev_no, prev = out[-1]
            head, _, _ = prev.rstrip().rpartition("-")
            first, _, rest = line.partition(" ")
            out[-1] = (prev_no, head + first)
            if rest.strip():
                out.append((no, rest))
            continue
        out.append((no, line))
    return out


def _pipe_tables(lines: Source) -> Source:
    """Give outer pipes to a table written without them (its rule line tells it is one)."""
    rules = [i for i, (_, line) in enumerate(lines) if _TABLE_RULE.match(line)]
    if not rules:
        return lines
    out = list(lines)
    for i in rules:
        if out[i][1].lstrip().startswith("|"):
            continue
        start, end = i - 1, i + 1
        while end < len(out) and "|" in out[end][1]:
            end += 1
        for j in range(max(start, 0), end):
            no, line = out[j]
            if not line.lstrip().startswith("|"):
                out[j] = (no, f"| {line.strip()} |")
    return out
