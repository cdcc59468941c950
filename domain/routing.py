"""Routing a task to its lead (*chủ trì*) and supporting (*phối hợp*) departments.

The lead comes from, in order: hints (a table's "Đơn vị chủ trì" cell); the text's own
assignment ("Giao Thanh tra Sở chủ trì", "Chủ trì: Phòng QLKH; phối hợp: ...", "Văn phòng
Sở là đầu mối", "... tham mưu", "Đơn vị thực hiện: ..."); the configured keywords (earliest
match, then longest, then config order; other matches support); the default department.
Keywords match whole words regardless of case; an accent-free word matches any accents,
an accented one needs the same marks ("nhãn" never matches "nhân"; "nhan" matches both).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from domain.keywords import keyword_rank
from domain.organisation import Organisation
from domain.problems import Notice
from domain.text import clip, fold, fold_aligned, nfc

T = TypeVar("T")


@dataclass(frozen=True)
class Assignment:
    lead: str  # department code
    support: tuple[str, ...]  # codes, no duplicates, never the lead, in order of appearance
    explicit: bool  # True when the text (or a hint) named the lead
    notices: tuple[Notice, ...]


_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w+")
_PREFIX = re.compile(r"^(?:phong|p\.)\s*")
_SUFFIX = re.compile(r"\s+(?:cua\s+)?so$")
_FORWARD = re.compile(r"\b(?:don vi\s+(?:chu tri|thuc hien|dau moi)|chu tri|dau moi)\s*:")
_BACKWARD = re.compile(r"\b(chu tri|(?:la|lam) dau moi|tham muu|thuc hien|dam nhiem)\b(?!\s*:)")
_SUPPORT = re.compile(r"\b(?:don vi\s+)?phoi hop(?:\s+voi)?\b\s*:?")
_GIVER = re.compile(r"\b(?:giao(?:\s+cho)?|do|cho)\s+")
_HEAD = re.compile(
    r"(?:phong|van phong|thanh tra|chi cuc|trung tam|so|ban|ubnd|uy ban|bo|cuc|vien|hoi"
    r"|doan|cong an|don vi|cac)\b"
)
# Every explicit assignment contains one of these (folded) words.
_MARKER_WORDS = ("chu tri", "dau moi", "tham muu", "thuc hien", "dam nhiem", "phoi hop")
_LIST_END = ".;:()[]\n"
_CLAUSE_END = _LIST_END + ","
_SEGMENT = re.compile(r"[,;/+\n]")
_MAX_WORDS = 12


def find_department(name: str, org: Organisation) -> str | None:
    """The code of the department ``name`` names (code, name or alias), else ``None``."""
    return _index(org).get(_key(name))


def assign(
    text: str,
    org: Organisation,
    *,
    lead_hint: str | None = None,
    support_hint: str | None = None,
    line: int = 0,
) -> Assignment:
    """Route ``text`` to a lead department and supporting ones (see the module rules)."""
    index = _index(org)
    notices: list[Notice] = []
    lead: str | None = None
    extra: list[str] = []
    if lead_hint and _WORD.search(fold(lead_hint)):
        codes = _scan(fold(lead_hint), index)
        if codes:
            lead, extra = codes[0], codes[1:]
        else:
            notices.append(_unknown(lead_hint, line))
    text = nfc(text)
    folded, where = _fold_map(text)
    marked = any(word in folded for word in _MARKER_WORDS)  # most texts assign nothing
    if lead is None and marked:
        codes, unknown = _explicit_lead(text, folded, where, index, org)
        if codes:
            lead, extra = codes[0], codes[1:]
        notices += [_unknown(name, line) for name in unknown]
    explicit = lead is not None
    hinted = _scan(fold(support_hint), index) if support_hint else []
    support = extra + (hinted or (_explicit_support(folded, index) if marked else []))
    if lead is None:
        ranked = keyword_rank(text, org, exclude=frozenset(support), folded=folded)
        if ranked:
            lead, support = ranked[0], support + ranked[1:]
    if lead is None:
        lead = org.default_department
        short = clip(text, 60)
        notices.append(Notice("routed_by_default", {"text": short, "line": line, "dept": lead}))
    unique = tuple(dict.fromkeys(code for code in support if code != lead))
    return Assignment(lead, unique, explicit, tuple(notices))


# -- explicit assignment -----------------------------------------------------
def _key(name: str) -> str:
    """Compact comparable form of a unit name: "Phòng KH - TC" → "khtc"."""
    s = _SUFFIX.sub("", _PREFIX.sub("", fold(name).strip(" .,:;()-")))
    s = s.replace("khoa hoc va cong nghe", "khcn").replace("khoa hoc cong nghe", "khcn")
    return re.sub(r"[^a-z0-9]", "", s)


def _per_org(build: Callable[[Organisation], T]) -> Callable[[Organisation], T]:
    """Cache what is derived from an organisation (hashing one per task costs too much)."""
    cache: dict[int, tuple[Organisation, T]] = {}

    def get(org: Organisation) -> T:
        hit = cache.get(id(org))
        if hit is None or hit[0] is not org:
            hit = cache[id(org)] = (org, build(org))
        return hit[1]

    return get


@_per_org
def _index(org: Organisation) -> dict[str, str]:
    """Every key a department can be named by → its code (config order wins)."""
    index: dict[str, str] = {}
    for dept in org.departments:
        for key in map(_key, (dept.code, dept.name, *dept.aliases)):
            if key:
                index.setdefault(key, dept.code)
    return index


def _unknown(name: str, line: int) -> Notice:
    return Notice("unknown_unit_named", {"name": clip(name, 60), "line": line})


def _fold_map(text: str) -> tuple[str, range]:
    """Folded ``text`` with, for each folded character, its index in ``text``."""
    return fold_aligned(text), range(len(text))


def _scan(
    folded: str, index: dict[str, str], start: int = 0, end: int | None = None
) -> list[str]:
    """Departments named at the head of each item of a list ("A, B và C; D")."""
    codes: list[str] = []
    end = len(folded) if end is None else end
    cuts = [start, *(m.end() for m in _SEGMENT.finditer(folded, start, end)), end + 1]
    for a, b in zip(cuts, cuts[1:], strict=False):
        words, i = list(_WORD.finditer(folded, a, b - 1)), 0
        while i < len(words) and (hit := _longest(folded, words, i, index)):
            codes.append(hit[0])
            i += hit[1]
            i += 1 if i < len(words) and words[i][0] in ("va", "voi") else 0
    return codes


def _longest(
    folded: str, words: list[re.Match[str]], i: int, index: dict[str, str]
) -> tuple[str, int] | None:
    """(code, word count) of the longest run of words from ``i`` naming a department."""
    for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
        code = index.get(_key(folded[words[i].start() : words[i + n - 1].end()]))
        if code:
            return code, n
    return None


def _list_end(folded: str, start: int) -> int:
    ends = [i for i in (folded.find(c, start) for c in _LIST_END) if i >= 0]
    return min(ends, default=len(folded))


def _explicit_lead(
    text: str, folded: str, where: range, index: dict[str, str], org: Organisation
) -> tuple[list[str], list[str]]:
    """Departments the text assigns (lead first), else the unknown unit names it gives."""
    unknown: list[str] = []
    marks = sorted(
        [*_FORWARD.finditer(folded), *_BACKWARD.finditer(folded)], key=lambda m: m.start()
    )
    for m in marks:
        if m.re is _FORWARD:  # "Chủ trì: A, B"
            end = _list_end(folded, m.end())
            codes = _scan(folded, index, m.end(), end)
            comma = _SEGMENT.search(folded, m.end(), end)
            words = list(_WORD.finditer(folded, m.end(), comma.start() if comma else end))
            name_ok = bool(words)
        else:  # "[Giao] A chủ trì"
            start = max(folded.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
            gave = next(reversed(list(_GIVER.finditer(folded, start, m.start()))), None)
            words = list(_WORD.finditer(folded, gave.end() if gave else start, m.start()))
            if not words or (m[1] in ("thuc hien", "dam nhiem") and gave is None):
                continue
            # From the clause start: "Đo" in "Chi cục Tiêu chuẩn Đo lường…" reads as a giver.
            every = _WORD.finditer(folded, start, m.start())
            codes = [c for w in every if (c := index.get(_key(folded[w.start() : m.start()])))]
            name = folded[words[0].start() : words[-1].end()]
            self_keys = {"so", _key(org.name), _key(org.short_name)}
            name_ok = bool(gave or _HEAD.match(name)) and _key(name) not in self_keys
        if codes:
            return codes[:1] if m.re is _BACKWARD else codes, []
        if name_ok:
            unknown.append(text[where[words[0].start()] : where[words[-1].end() - 1] + 1])
    return [], unknown


def _explicit_support(folded: str, index: dict[str, str]) -> list[str]:
    """Departments listed after "phối hợp" / "phối hợp với"."""
    codes: list[str] = []
    for m in _SUPPORT.finditer(folded):
        codes += _scan(folded, index, m.end(), _list_end(folded, m.end()))
    return codes
