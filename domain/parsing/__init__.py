"""The programme parser: a work programme's text → periods, tasks, recipients, signer.

``parse`` reads the Markdown or plain text people write (or :mod:`documents.reading` makes
of a ``.docx``) in stages, each a module of :mod:`domain.parsing`:

1. ``clean`` drops page furniture (page numbers, running headers, form feeds), joins a
   task cut by a page break or a hyphenated word, and pipes tables written without pipes;
2. ``lines`` drops each line's Markdown marks and notes its bullet, number or roman numeral;
   a task table (``| STT | Nội dung | Chủ trì | …``) gives one row per item, with hints;
3. ``header`` reads what comes before the body: issuer, number, place and date, title, periods;
4. ``rules`` classifies each body line by a table of named rules (section, heading, group,
   item, enumeration, attribute, introduction, boilerplate, recipients, signer…);
5. ``body`` assembles sections → groups → items → attributes from the kinds alone;
6. ``extract`` turns each item into tasks: dates checked, sentences split, a meeting into
   each month it names, units named in a closing parenthesis noted.

A weekly schedule (*lịch công tác tuần*) is read by ``weekly`` instead of stages 3–6.
"""

from __future__ import annotations

from dataclasses import replace

from domain.parsing.body import Parser
from domain.parsing.clean import clean
from domain.parsing.encodings import refuse_legacy
from domain.parsing.lines import Line, Row, read_lines, unrecognised_tables
from domain.parsing.weekly import is_weekly, parse_weekly
from domain.periods import Period
from domain.problems import Notice
from domain.programme import Programme
from domain.text import nfc


def parse(
    text: str, *, period: Period | None = None, split: bool = True, skip_bad: bool = False
) -> Programme:
    """Read a work programme.

    Periods: a section takes the period its heading names (the year from the header), else
    the header's period of the same rank (section I the first, II the second...), else
    ``period``. Items before any section take the header's period when it names one only,
    else ``period`` if given, else the header's first. When the header names no period,
    every item goes into ``period`` (``missing_period`` without it).

    A meeting whose sentence names months inside its section's period goes into each of
    those months (``kỳ tháng 7, 8, 9/2020`` in Quý III → 2020-07, 2020-08, 2020-09).
    ``bullet`` counts within the section's period and kind; ``1.`` keeps its number.

    With ``split`` a bullet becomes one task per sentence: a sentence ends at ``. `` or ``; ``
    before a capital, outside parentheses and not after an abbreviation (``TP.``, ``TS.``),
    and keeps its final mark as written. Sub-bullets and wrapped lines join their item with
    a space before the split. Table rows are never split. Dates written d/m/yyyy, or d/m
    that look like dates, must exist (``bad_date``; with ``skip_bad`` the item is left out
    with a ``skipped_bad_date`` notice). A text without any item gives a programme without
    tasks (with a ``table_not_recognised`` notice for a table read as layout). Text typed in
    a legacy font is refused (``legacy_encoding``).
    """
    refuse_legacy(text)
    parser = Parser(period, split, skip_bad)
    source = clean(nfc(text).replace("\ufeff", "").replace("\u00a0", " "))
    lines = list(read_lines(source))
    if is_weekly(lines):
        return parse_weekly(lines)
    following: Line | None = None
    after: list[Line | None] = [None] * len(lines)
    for i in range(len(lines) - 1, -1, -1):  # each line's next non-blank line
        after[i], line = following, lines[i]
        if isinstance(line, Row) or line.text:
            following = line if isinstance(line, Line) else None
    for line, nxt in zip(lines, after, strict=True):
        parser.feed(line, nxt)
    programme = parser.finish()
    if not programme.tasks:  # say why, when a table was there but not read as tasks
        tables = [
            Notice("table_not_recognised", {"line": no, "columns": ", ".join(names)})
            for no, names in unrecognised_tables(source)
        ]
        programme = replace(programme, notices=programme.notices + tuple(tables))
    return programme
