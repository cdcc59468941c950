"""Documents that cannot be imported say why, each with one code (domain.parsing)."""

import pytest

from domain.parsing import parse
from domain.parsing.encodings import legacy_encoding
from domain.problems import InputError

HEADER = "**CHƯƠNG TRÌNH**\n**Công tác Quý III năm 2020**\n\n"
VNI = "Chöông trình coâng taùc thaùng 7 naêm 2020\n\n- Toå chöùc hoäi nghò toång keát naêm.\n"
TCVN3 = "Ch\xad\xacng tr\xd7nh c\xabng t\xb8c th\xb8ng 7 n\xa8m 2020\n\n- T\xe6 ch\xf8c h\xe9i ngh\xde.\n"


def refusal(text: str, **options) -> tuple[str, dict]:
    with pytest.raises(InputError) as caught:
        parse(text, **options)
    return caught.value.code, caught.value.params


@pytest.mark.parametrize(("text", "name"), [(VNI, "VNI"), (TCVN3, "TCVN3")])
def test_text_typed_in_a_legacy_font_is_refused_naming_the_encoding(text, name):
    assert refusal(text) == ("legacy_encoding", {"encoding": name})


def test_unicode_vietnamese_is_not_taken_for_a_legacy_font(sample_text):
    assert legacy_encoding(sample_text) is None
    assert legacy_encoding("Tuần này: xuân, khuyến, muốn, thuở, yêu, tiên, khoăn.") is None


@pytest.mark.parametrize("written", ["tháng 13", "Quý V", "tháng 0"])
def test_an_impossible_period_is_named_not_taken_for_no_period(written):
    text = f"CHƯƠNG TRÌNH\nCông tác {written} năm 2020\n\n- Việc một.\n"
    assert refusal(text) == ("invalid_period", {"text": written, "line": 2})


def test_a_table_without_a_content_column_is_noted_when_no_task_is_found():
    text = HEADER + "| STT | Việc | Người làm |\n|---|---|---|\n| 1 | Kiểm tra | Văn phòng |\n"
    programme = parse(text)
    assert programme.tasks == ()
    assert [(n.code, n.params) for n in programme.notices] == [
        ("table_not_recognised", {"line": 4, "columns": "STT, Việc, Người làm"})
    ]


def test_with_skip_bad_an_impossible_date_leaves_out_its_task_only():
    text = HEADER + "- Việc một.\n- Báo cáo trước ngày 31/02/2020.\n- Việc ba.\n"
    assert refusal(text) == ("bad_date", {"text": "31/02/2020", "line": 5})
    programme = parse(text, skip_bad=True)
    assert [t.text for t in programme.tasks] == ["Việc một.", "Việc ba."]
    assert [(n.code, n.params) for n in programme.notices] == [
        ("skipped_bad_date", {"text": "31/02/2020", "line": 5})
    ]
