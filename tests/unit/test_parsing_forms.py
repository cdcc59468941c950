"""The layouts offices write, each read by its rule (domain.parsing)."""

from domain.parsing import parse
from domain.parsing.clean import clean
from domain.parsing.rules import RULES
from domain.periods import Period

HEADER = "**CHƯƠNG TRÌNH**\n**Công tác Quý III năm 2020**\n\n"
Q3 = Period.quarter(2020, 3)


def texts(text: str) -> list[str]:
    return [t.text for t in parse(text).tasks]


def test_a_numbered_sub_heading_with_lettered_items_is_their_group_not_a_task():
    text = HEADER + (
        "2. Công tác thanh tra, kiểm tra\n"
        "a) Thanh tra việc thực hiện đề tài cấp tỉnh\n"
        "b) Kiểm tra đo lường xăng dầu trước ngày 15/8/2020.\n"
        "3. Tổ chức hội nghị tổng kết.\n"
    )
    tasks = parse(text).tasks
    assert [(t.text, t.group) for t in tasks] == [
        ("Thanh tra việc thực hiện đề tài cấp tỉnh", "Công tác thanh tra, kiểm tra"),
        ("Kiểm tra đo lường xăng dầu trước ngày 15/8/2020.", "Công tác thanh tra, kiểm tra"),
        ("Tổ chức hội nghị tổng kết.", None),
    ]


def test_dashed_items_under_a_numbered_heading_are_items_of_its_group():
    text = HEADER + "1. Phòng Quản lý khoa học:\n- Thẩm định đề tài năm 2021\n- Nghiệm thu dự án.\n"
    tasks = parse(text).tasks
    assert [(t.text, t.group) for t in tasks] == [
        ("Thẩm định đề tài năm 2021", "1. Phòng Quản lý khoa học".split(". ", 1)[1]),
        ("Nghiệm thu dự án.", "Phòng Quản lý khoa học"),
    ]


def test_a_bold_heading_is_the_group_of_the_items_under_it():
    text = HEADER + "I. NHIỆM VỤ\n**Công tác tiêu chuẩn, đo lường**\n- Kiểm định phương tiện đo.\n"
    assert [(t.text, t.group) for t in parse(text).tasks] == [
        ("Kiểm định phương tiện đo.", "Công tác tiêu chuẩn, đo lường")
    ]


def test_lower_case_enumerations_still_join_their_item():
    text = HEADER + "- Tổ chức kiểm tra:\n  + các cơ sở sản xuất;\n  + các cửa hàng.\n"
    assert texts(text) == ["Tổ chức kiểm tra: các cơ sở sản xuất; các cửa hàng."]


def test_sections_of_purpose_and_organisation_hold_no_tasks():
    text = HEADER + (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao hiệu quả công tác.\n"
        "II. NHIỆM VỤ CỤ THỂ\n1. Tổ chức hội nghị.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Các phòng, đơn vị triển khai thực hiện.\n"
    )
    assert texts(text) == ["Tổ chức hội nghị."]


def test_the_legal_boilerplate_of_a_decision_is_not_a_task():
    text = (
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch công tác Quý III năm 2020\n"
        "Căn cứ Quyết định số 12/2016/QĐ-UBND ngày 20/5/2016 của UBND tỉnh;\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch công tác Quý III năm 2020.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng, Trưởng các phòng chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nGIÁM ĐỐC\nNguyễn Văn A\n\n"
        "KẾ HOẠCH\nCông tác Quý III năm 2020\n"
        "(Ban hành kèm theo Quyết định số 45/QĐ-KHCN ngày 30/6/2020)\n\n"
        "1. Tổ chức hội nghị sơ kết.\n2. Kiểm tra đo lường.\n"
    )
    programme = parse(text)
    assert [t.text for t in programme.tasks] == ["Tổ chức hội nghị sơ kết.", "Kiểm tra đo lường."]
    assert programme.recipients == ("Như Điều 3", "Lưu: VT")
    assert programme.issuer == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"


def test_attribute_lines_under_an_item_are_its_hints_not_its_text():
    text = HEADER + (
        "1. Tổ chức Hội nghị tổng kết năm.\n- Đơn vị chủ trì: Văn phòng Sở.\n"
        "- Thời gian: tháng 9/2020.\n2. Kiểm tra đo lường.\n"
    )
    tasks = parse(text).tasks
    assert [(t.text, t.lead_hint, t.due_hint) for t in tasks] == [
        ("Tổ chức Hội nghị tổng kết năm.", "Văn phòng Sở", "tháng 9/2020"),
        ("Kiểm tra đo lường.", None, None),
    ]


def test_units_in_a_closing_parenthesis_are_noted():
    text = HEADER + "- Thanh tra chuyên ngành đo lường (TTr Sở chủ trì, Chi cục TĐC phối hợp).\n"
    assert parse(text).tasks[0].units == "TTr Sở chủ trì, Chi cục TĐC phối hợp"
    assert parse(HEADER + "- Cấp kinh phí (đợt 2).\n").tasks[0].units is None


def test_page_numbers_and_running_headers_are_dropped_and_a_cut_task_joined():
    text = HEADER + (
        "- Tổ chức kiểm tra các cơ sở sản xuất kinh doanh\n\n- 2 -\n\n"
        "Chương trình công tác Quý III năm 2020\n\n"
        "trên địa bàn tỉnh.\n- Họp giao ban.\n\nTrang 2/3\n\n"
        "Chương trình công tác Quý III năm 2020\n\n- Tổng kết.\n"
    )
    assert texts(text) == [
        "Tổ chức kiểm tra các cơ sở sản xuất kinh doanh trên địa bàn tỉnh.",
        "Họp giao ban.", "Tổng kết.",
    ]  # fmt: skip


def test_cleaning_keeps_the_line_numbers_of_the_file():
    assert clean("a\n\n- 2 -\n\nb\n") == [(1, "a"), (5, "b")]


def test_a_table_without_outer_pipes_is_a_table():
    text = HEADER + (
        "STT | Nội dung | Chủ trì | Thời gian\n---|---|---|---\n"
        "1 | Kiểm tra đo lường | Chi cục TĐC | 15/8/2020\n"
    )
    tasks = parse(text).tasks
    assert [(t.text, t.lead_hint, t.due_hint) for t in tasks] == [
        ("Kiểm tra đo lường", "Chi cục TĐC", "15/8/2020")
    ]


def test_every_rule_has_a_name_and_the_last_takes_any_line():
    names = [name for name, _, _ in RULES]
    assert len(names) == len(set(names)) and RULES[-1][1] == "item"


def test_a_fraction_is_no_date_and_an_impossible_date_after_its_word_is_refused():
    import pytest

    from domain.problems import InputError

    assert texts(HEADER + "- Kiểm tra 31/40 cửa hàng.\n") == ["Kiểm tra 31/40 cửa hàng."]
    assert texts(HEADER + "- Kiểm tra 1/2 số cửa hàng.\n") == ["Kiểm tra 1/2 số cửa hàng."]
    with pytest.raises(InputError) as caught:
        parse(HEADER + "- Nộp báo cáo trước ngày\n30/02.\n")
    assert caught.value.params == {"text": "30/02", "line": 5}
