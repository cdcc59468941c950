"""The catalogues: every msgid in Vietnamese and English with the same placeholders, every
key the code and the templates use present, and Vietnamese whenever a text is missing."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import texts.catalogues as catalogues
from domain.status import LABELS, REPORT_LABELS, Status, label, parse_status
from texts import render

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "texts" / "locales"
DOMAINS = sorted(p.stem for p in (LOCALES / "vi" / "LC_MESSAGES").glob("*.po"))


def catalogue(locale: str, domain: str) -> dict[str, str]:
    with (LOCALES / locale / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_catalogues_are_the_five_domains_and_click():
    assert DOMAINS == ["cli", "click", "labels", "mail", "problems", "web"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_msgid_has_a_vietnamese_and_an_english_text_with_the_same_placeholders(domain):
    vi, en = catalogue("vi", domain), catalogue("en", domain)
    assert vi.keys() == en.keys()
    assert [k for k, v in vi.items() if not v.strip()] == []
    assert [k for k, v in en.items() if not v.strip()] == []
    differ = {k: (fields(vi[k]), fields(en[k])) for k in vi if fields(vi[k]) != fields(en[k])}
    # A period is named in each locale's words ({period} / {period_en}); the TOML parser's
    # own detail is English, so only the English text quotes it.
    allowed = {k for k, (v, e) in differ.items() if {f.removesuffix("_en") for f in e} == v}
    allowed |= {"schedule_toml_syntax"} & differ.keys()
    assert {k: differ[k] for k in differ.keys() - allowed} == {}


# What each face reads, by the folder its code lives in (see workplan.texts, web.i18n).
FACES = {"workplan/web": ("web", "labels", "problems"), "workplan": ("cli", "labels")}
CALLS = {"t", "_"}


def _calls() -> list[tuple[str, int, str, set[str] | None]]:
    """``t("key", …, name=…)`` and ``_("key", name=…)`` with a literal key in the faces'
    Python code: (file, line, key, keyword names or None when ``**`` passes more)."""
    found = []
    for path in (ROOT / "workplan").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in CALLS and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                names = {k.arg for k in node.keywords if k.arg}
                spread = any(k.arg is None for k in node.keywords)
                found.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value,
                              None if spread else names))
    return found


def _domains_of(path: str) -> tuple[str, ...]:
    return next(d for prefix, d in FACES.items() if path.startswith(prefix))


def test_every_key_the_python_faces_use_is_in_their_catalogues_with_its_placeholders():
    calls = _calls()
    assert len(calls) > 100
    missing, unfilled = [], []
    for path, line, key, given in calls:
        texts = [catalogue(loc, d).get(key) for loc in ("vi", "en") for d in _domains_of(path)]
        words = [t for t in texts if t]
        if not words:
            missing.append(f"{path}:{line} {key}")
        elif given is not None and any(fields(w) - given for w in words[:1]):
            unfilled.append(f"{path}:{line} {key} {sorted(fields(words[0]) - given)}")
    assert missing == [] and unfilled == []


def test_every_key_the_templates_use_is_in_the_catalogues():
    from babel.messages.extract import extract_from_dir

    for folder, domains in (("workplan/web/templates", ("web", "labels", "problems")),
                            ("notifications/templates", ("mail", "labels"))):
        method_map = [("**.html", "jinja2"), ("**.txt", "jinja2")]
        keys: set[str] = set()
        for _, _, msg, _, _ in extract_from_dir(
                ROOT / folder, method_map, options_map={"**": {"extensions": "jinja2.ext.i18n"}}):
            keys |= {msg} if isinstance(msg, str) else {m for m in msg if m}
        known = {k for d in domains for k in catalogue("vi", d)}
        assert keys and sorted(keys - known) == [], folder


def test_labels_come_from_the_catalogues_and_parse_back_in_both_locales():
    assert label("done") == "Hoàn thành" and label(Status.BLOCKED, "en") == "Blocked"
    assert REPORT_LABELS["vi"]["done_late"] == "Hoàn thành quá hạn"
    for locale in ("vi", "en"):
        for status in Status:
            assert parse_status(LABELS[locale][status]) is status


def test_a_text_missing_in_english_or_an_unknown_locale_falls_back_to_vietnamese(tmp_path, monkeypatch):
    for locale, words in (("vi", {"only_vi": "Chỉ có tiếng Việt {n}", "both": "Cả hai"}),
                          ("en", {"both": "Both"})):
        with (LOCALES / locale / "LC_MESSAGES" / "cli.po").open("rb") as f:
            cat = read_po(f, locale=locale)
        for key in list(cat._messages):
            cat.delete(key)
        for key, text in words.items():
            cat.add(key, text)
        folder = tmp_path / locale / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "cli.mo").open("wb") as f:
            write_mo(f, cat)
    monkeypatch.setattr(catalogues, "LOCALEDIR", tmp_path)
    catalogues.translations.cache_clear()
    try:
        assert catalogues.text(["cli"], "both", "en") == "Both"
        assert catalogues.text(["cli"], "only_vi", "en", n=3) == "Chỉ có tiếng Việt 3"
        assert catalogues.text(["cli"], "both", "fr") == "Cả hai"
        assert catalogues.text(["cli"], "nowhere", "en") == "nowhere"
    finally:
        catalogues.translations.cache_clear()


def test_problem_codes_render_in_either_locale_and_unknown_codes_name_themselves():
    assert render("unknown_item", "vi", id=7) == "Không có công việc số 7."
    assert render("unknown_item", "en", id=7) == "No work item number 7."
    assert render("no_such_code", "en", x=1) == "no_such_code: {'x': 1}"


def test_numbers_percentages_dates_and_times_are_written_as_each_locale_reads_them():
    from datetime import date, datetime

    from texts.formatting import day, number, percent

    assert (number(3000), number(3000, "en"), number(1234567, "vi")) == ("3.000", "3,000", "1.234.567")
    assert (percent(45), percent(45, "en"), percent(100, "vi")) == ("45%", "45%", "100%")
    assert day(date(2026, 11, 28)) == "28/11/2026" and day(None) == ""
    assert day(datetime(2026, 11, 28, 7, 40)) == "28/11/2026 07:40"
    assert day(datetime(2026, 11, 28, 7, 40), "en") == "28/11/2026 07:40"


def test_each_channel_is_labelled_once_beside_the_other_labels():
    from store.items import CHANNELS

    for locale in ("vi", "en"):
        labels = catalogue(locale, "labels")
        assert all(labels.get(f"channel_{c}") for c in CHANNELS)
        for face in ("cli", "web"):
            assert [k for k in catalogue(locale, face) if k.startswith("channel_")] == []


def test_a_key_ending_in_html_keeps_its_markup_and_escapes_its_values():
    from texts import gettext_callables

    _ = gettext_callables(("mail",), "vi")["_"]
    html = _("sr_intro_html", period="<script>", count="3 công việc", day="01/08/2020")
    assert "<b>3 công việc</b>" in html and "&lt;script&gt;" in html and "<script>" not in html
    assert "<" not in _("sr_intro", period="Quý III", count="3 công việc", day="01/08/2020")


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_kind_of_mail_has_a_name_people_read(locale):
    from notifications.kinds import MAIL_KINDS, TEST_KIND
    from workplan.texts import t

    names = {kind: t(f"kind_{kind}", locale) for kind in (*MAIL_KINDS, TEST_KIND, "link")}
    unnamed = [kind for kind, name in names.items() if name in ("", f"kind_{kind}")]
    assert unnamed == []
    assert len(set(names.values())) == len(names)  # no two kinds read the same
