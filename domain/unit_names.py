"""Units named in a closing parenthesis: "(TTr)", "(KHTC chủ trì; các phòng, đơn vị phối hợp)".

A parenthesis counts only when every name in it is a department of the organisation (or
the generic "các phòng, đơn vị"); otherwise it is ordinary text and says nothing.
"""

from __future__ import annotations

import re

from domain.organisation import Organisation
from domain.routing import find_department
from domain.text import fold

_ROLE = re.compile(r"\s*\b(chu tri|phoi hop|thuc hien)\s*$")
_GENERIC = re.compile(r"(?:cac )?(?:phong|don vi|phong, don vi|co quan)(?: lien quan| thuoc so)?$")


def units_of(text: str, org: Organisation) -> tuple[str, tuple[str, ...]] | None:
    """(lead, supporting) the parenthesis names, or ``None`` when it is not a list of units."""
    lead: list[str] = []
    support: list[str] = []
    pending: list[str] = []
    for clause in re.split(r"\s*;\s*", text):
        for segment in re.split(r"\s*,\s*|\s+va\s+", fold(clause)):
            m = _ROLE.search(segment)
            name = segment[: m.start()] if m else segment
            name = name.strip()
            if name and not _GENERIC.match(name):
                code = find_department(name, org)
                if code is None:
                    return None
                pending.append(code)
            if m:
                (lead if m[1] != "phoi hop" else support).extend(pending)
                pending = []
    if pending and not lead:
        lead, pending = pending[:1], pending[1:]
    support += pending
    if not lead:
        return None
    return lead[0], tuple(dict.fromkeys(c for c in lead[1:] + support if c != lead[0]))
