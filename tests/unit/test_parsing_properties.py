"""Properties of the parser over generated documents (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.parsing import parse
from domain.planning import plan_import
from domain.problems import InputError
from domain.revisions import Existing, compare

WORDS = ["Tổ chức", "kiểm tra", "hội nghị", "đo lường", "thanh tra", "báo cáo", "kinh phí",
         "Phòng QLKH", "(TTr)", "chủ trì", "phối hợp", "tháng 8", "Quý III", "ngày 15/8/2020",
         "1/2", "số 12/QĐ-UBND", "trước ngày", "31/02", "tháng 13", ":", ";", ".", "-", "|"]  # fmt: skip
MARKERS = ["", "- ", "+ ", "1. ", "2) ", "a) ", "I. ", "II. ", "**", "# ", "| ", "   - "]
HEADERS = ["CHƯƠNG TRÌNH\nCông tác Quý III năm 2020\n", "KẾ HOẠCH\nCông tác tháng 8 năm 2020\n",
           "SỞ TƯ PHÁP\nQUYẾT ĐỊNH\n", ""]  # fmt: skip

line = st.builds(
    lambda marker, words: marker + " ".join(words),
    st.sampled_from(MARKERS),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=8),
)
document = st.builds(
    lambda header, lines: header + "\n".join(lines),
    st.sampled_from(HEADERS),
    st.lists(st.one_of(line, st.text(max_size=40)), max_size=25),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(document)
def test_any_text_gives_a_programme_or_one_clear_refusal(org, text):
    try:
        plan_import(parse(text), org)
    except InputError as refusal:
        assert refusal.code and str(refusal)  # a message in words, never a traceback


@SETTINGS
@given(document)
def test_line_endings_and_trailing_spaces_change_nothing(text):
    variant = "\r\n".join(each + "  \t" for each in text.splitlines())
    try:
        expected = parse(text)
    except InputError as refusal:
        try:
            parse(variant)
        except InputError as other:
            assert (other.code, other.params) == (refusal.code, refusal.params)
            return
        raise AssertionError("the variant was accepted") from None
    assert parse(variant) == expected


@SETTINGS
@given(document)
def test_importing_the_same_programme_again_changes_nothing(org, text):
    try:
        plan = plan_import(parse(text), org)
    except InputError:
        return
    stored = [Existing(n + 1, i.period, i.section, i.text) for n, i in enumerate(plan.items)]
    again = compare(stored, [], plan)
    assert not again.changed and len(again.unchanged) == len(plan.items)
