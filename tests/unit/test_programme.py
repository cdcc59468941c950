# The sample's expected tasks read best one per line, as long as the document writes them.
# ruff: noqa: E501
import unicodedata
from datetime import date

import pytest

from domain.parsing import parse
from domain.periods import Period
from domain.problems import InputError

JULY, AUGUST, SEPTEMBER, Q3 = (
    Period.month(2020, 7), Period.month(2020, 8), Period.month(2020, 9), Period.quarter(2020, 3)
)
HEADER = "**CHƯƠNG TRÌNH**\n**Công tác Quý III năm 2020**\n\n"

MEETING_7 = "Họp định kỳ: Họp lãnh đạo Sở, họp giao ban kỳ tháng 7/2020."
MEETING_789 = "Họp định kỳ: Họp lãnh đạo Sở, họp giao ban kỳ tháng 7, 8, 9/2020."
SAMPLE_TASKS = [
    ("2020-07", "task", 1, 1, "Họp Hội đồng KH&CN tỉnh 6 tháng đầu năm, xin ý kiến Hội đồng về danh mục nhiệm vụ KH&CN cấp tỉnh thực hiện năm 2021."),
    ("2020-07", "task", 1, 2, "Đơn đốc nộp sản phẩm, tổ chức Hội đồng đánh giá, nghiệm thu các đề tài/dự án đã hết thời hạn thực hiện."),
    ("2020-07", "task", 2, 1, "Tổ chức hội đồng nghiệm thu các đề tài, dự án cấp tỉnh."),
    ("2020-07", "task", 2, 2, "Họp Hội đồng KH&CN cấp cơ sở."),
    ("2020-07", "task", 3, 1, "Tìm hiểu, lựa chọn doanh nghiệp ươm tạo công nghệ."),
    ("2020-07", "task", 3, 2, "Kiểm tra các doanh nghiệp trên địa bàn tỉnh."),
    ("2020-07", "task", 3, 3, "Thẩm tra, thẩm định công nghệ các dự án đầu tư theo yêu cầu của các tổ chức, doanh nghiệp."),
    ("2020-07", "task", 4, 1, "Hướng dẫn các tổ chức cá nhân đăng ký Sở hữu công nghiệp và đơn đốc hướng dẫn cấp mới các tổ chức cá nhân cấp phép sử dụng thiết bị X-Quang chuẩn đoán y tế."),
    ("2020-07", "task", 5, 1, "Hướng dẫn các tổ chức, cá nhân thực hiện công bố dấu định lượng trên nhãn của hàng đóng gói sẵn."),
    ("2020-07", "task", 5, 2, "Tổ chức hoạt động khảo sát chất lượng bên ngoài đối với sản phẩm vải thiều mang chỉ dẫn địa lý Lục Ngạn."),
    ("2020-07", "task", 6, 1, "Tổ chức hoạt động kiểm tra các cơ sở sản xuất, kinh doanh vàng trang sức, mỹ nghệ trên địa bàn tỉnh."),
    ("2020-07", "task", 7, 1, "Tổ chức hội nghị giao ban các hoạt động KH&CN cấp ngành, huyện, thành phố năm 2020; hướng dẫn các ngành, huyện, thành phố xây dựng và xác định nhiệm vụ KH&CN năm 2021."),
    ("2020-07", "task", 8, 1, "Triển khai cuộc thanh tra theo kế hoạch được phê duyệt."),
    ("2020-07", "task", 9, 1, "Tổ chức Hội nghị sơ kết hoạt động 6 tháng đầu năm 2020."),
    ("2020-07", "task", 9, 2, "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020."),
    ("2020-07", "task", 10, 1, "Tiếp tục triển khai các mô hình ứng dụng khoa học kỹ thuật và duy trì thực các dịch vụ theo yêu cầu của tổ chức, cá nhân."),
    ("2020-07", "task", 11, 1, "Thực hiện dịch vụ tư vấn, chuyển giao các tiến bộ KH&CN cho các đơn vị sản xuất kinh doanh, hộ gia đình trong và ngoài tỉnh."),
    ("2020-07", "task", 12, 1, "Tổ chức triển khai đầy mạnh hoạt động dịch vụ các sản phẩm KH&CN."),
    ("2020-07", "task", 12, 2, "Duy trì các hoạt động dịch vụ kiểm định, kiểm nghiệm đáp ứng nhu cầu của khách hàng."),
    ("2020-07", "meeting", 1, 1, MEETING_7),
    ("2020-Q3", "task", 1, 1, "Tổng hợp danh mục các văn bản trình Tỉnh ủy, HĐND, UBND, Chủ tịch UBND tỉnh năm 2021."),
    ("2020-Q3", "task", 2, 1, "Tổ chức các hội đồng tư vấn, xác định nhiệm vụ khoa học và công nghệ thực hiện năm 2020."),
    ("2020-Q3", "task", 2, 2, "Trình UBND tỉnh phê duyệt danh mục các đề tài, dự án KH&CN cấp tỉnh năm 2021."),
    ("2020-Q3", "task", 3, 1, "Đôn đốc nộp sản phẩm, tổ chức Hội đồng đánh giá, nghiệm thu các đề tài/dự án đã hết thời hạn thực hiện."),
    ("2020-Q3", "task", 3, 2, "Theo dõi, kiểm tra tiến độ các đề tài, dự án cấp tỉnh, cấp nhà nước đang thực hiện."),
    ("2020-Q3", "task", 4, 1, "Tổ chức kiểm tra tiến độ thực hiện đề tài, dự án cấp cơ sở thực hiện năm 2020."),
    ("2020-Q3", "task", 5, 1, "Cấp kinh phí cho các đề tài, dự án thực hiện từ các năm trước chuyển tiếp sang năm 2020 và thực hiện trong năm 2020 (đợt 2)."),
    ("2020-Q3", "task", 6, 1, "Thẩm tra, thẩm định công nghệ các dự án đầu tư theo yêu cầu."),
    ("2020-Q3", "task", 6, 2, "Tổ chức Hội nghị chuyên đề về đổi mới Công nghệ tại doanh nghiệp."),
    ("2020-Q3", "task", 7, 1, "Hướng dẫn các tổ chức cá nhân đăng ký Sở hữu công nghiệp và đôn đốc hướng dẫn cấp mới các tổ chức cá nhân cấp phép sử dụng thiết bị X-Quang chuẩn đoán y tế."),
    ("2020-Q3", "task", 7, 2, "Tổ chức 01 lớp tập huấn về sáng kiến."),
    ("2020-Q3", "task", 8, 1, "Tổng hợp báo cáo các Doanh nghiệp tham gia GTCLQG năm 2020."),
    ("2020-Q3", "task", 8, 2, "Tổ chức hội nghị tuyên truyền các văn bản quy phạm pháp luật về đo lường (Thông tư 07/2019/TT-BKHCN sửa đổi bổ sung Thông tư số 23/2013/TT-BKHCN ngày 26/9/2013 của Bộ Khoa học và Công nghệ quy định về đo lường đối với phương tiện đo nhóm 2 và một số văn bản về đo lường)."),
    ("2020-Q3", "task", 9, 1, "Cấp kinh phí hoạt động SNKH cho các huyện, thành phố, các ngành 6 tháng cuối năm 2020."),
    ("2020-Q3", "task", 9, 2, "Tổng hợp kế hoạch, mua sắm trang thiết bị của các đơn vị, các phòng chuyên môn năm 2020 (đợt 2)."),
    ("2020-Q3", "task", 10, 1, "Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt."),
    ("2020-Q3", "task", 11, 1, "Tổng hợp báo cáo các doanh nghiệp tham gia GTCLQG năm 2020;"),
    ("2020-Q3", "task", 11, 2, "Xây dựng kế hoạch kiểm tra hàng hóa phục vụ tết Trung thu."),
    ("2020-Q3", "task", 12, 1, "Thực hiện dịch vụ tư vấn, chuyển giao các tiến bộ KH&CN cho các đơn vị sản xuất kinh doanh, hộ gia đình trong và ngoài tỉnh."),
    ("2020-Q3", "task", 13, 1, "Tổ chức triển khai đầy mạnh hoạt động dịch vụ các sản phẩm KH&CN."),
    ("2020-Q3", "task", 13, 2, "Duy trì các hoạt động dịch vụ kiểm định, kiểm nghiệm đáp ứng nhu cầu của khách hàng."),
    ("2020-07", "meeting", 1, 1, MEETING_789),
    ("2020-08", "meeting", 1, 1, MEETING_789),
    ("2020-09", "meeting", 1, 1, MEETING_789),
]  # fmt: skip


def rows(programme):
    return [(t.period.key, t.section, t.bullet, t.part, t.text) for t in programme.tasks]


def texts(programme):
    return [t.text for t in programme.tasks]


# -- the sample ---------------------------------------------------------------
def test_the_sample_gives_each_sentence_in_its_period_section_bullet_and_part(sample_text):
    assert rows(parse(sample_text)) == SAMPLE_TASKS


def test_the_sample_tasks_point_at_the_lines_of_their_bullets(sample_text):
    lines = sample_text.splitlines()
    for task in parse(sample_text).tasks:
        assert lines[task.line - 1].startswith("- ")
        assert task.text.split()[0] in lines[task.line - 1]


def test_the_sample_header_gives_periods_number_place_date_and_title(sample_text):
    programme = parse(sample_text)
    assert programme.periods == (JULY, Q3)
    assert programme.title == "CHƯƠNG TRÌNH Công tác tháng 7 và Quý III năm 2020"
    assert programme.number == "Số: /CTr-KHCN"
    assert programme.place == "Bắc Giang"
    assert programme.issued_text == "Bắc Giang, ngày tháng 6 năm 2020"
    assert programme.issued_on is None


def test_the_sample_recipients_and_signer_are_read_and_are_no_tasks(sample_text):
    programme = parse(sample_text)
    assert programme.recipients == (
        "Lưu: VT, VP", "VP Tỉnh ủy", "VP UBND tỉnh", "pth@bacgiang.gov.vn",
        "Ban Tuyên giáo TU", "Lãnh đạo Sở", "Các phòng, đơn vị thuộc Sở",
    )  # fmt: skip
    assert programme.signer_title == "GIÁM ĐỐC"
    assert programme.signer_name == "Nguyễn Thanh Bình"
    assert not any("Lưu" in t or "Tỉnh ủy;" in t or "Bình" in t for t in texts(programme))


def test_the_periodic_meeting_of_the_quarter_goes_into_each_month_it_names(sample_text):
    meetings = [(t.period, t.text) for t in parse(sample_text).tasks if t.section == "meeting"]
    assert meetings == [
        (JULY, MEETING_7), (JULY, MEETING_789), (AUGUST, MEETING_789), (SEPTEMBER, MEETING_789),
    ]  # fmt: skip


def test_without_split_each_bullet_stays_one_task(sample_text):
    programme = parse(sample_text, split=False)
    july = [t for t in programme.tasks if t.period == JULY and t.section == "task"]
    assert [t.bullet for t in july] == list(range(1, 13))
    assert {t.part for t in programme.tasks} == {1}
    assert july[0].text == (
        "Họp Hội đồng KH&CN tỉnh 6 tháng đầu năm, xin ý kiến Hội đồng về danh mục nhiệm vụ "
        "KH&CN cấp tỉnh thực hiện năm 2021. Đơn đốc nộp sản phẩm, tổ chức Hội đồng đánh giá, "
        "nghiệm thu các đề tài/dự án đã hết thời hạn thực hiện."
    )
    assert len([t for t in programme.tasks if t.period == Q3 and t.section == "task"]) == 13


def test_typos_are_kept_as_written(sample_text):
    joined = " ".join(texts(parse(sample_text)))
    for typo in ("Đơn đốc nộp", "đầy mạnh", "chuẩn đoán", "duy trì thực các"):
        assert typo in joined


# -- forms real documents use -------------------------------------------------
def test_numbered_items_in_each_form_are_tasks_that_keep_their_numbers():
    text = HEADER + "1. Việc một.\n2) Việc hai.\n5- Việc năm.\n- Việc sau.\n"
    assert [(t.bullet, t.text) for t in parse(text).tasks] == [
        (1, "Việc một."), (2, "Việc hai."), (5, "Việc năm."), (6, "Việc sau."),
    ]  # fmt: skip


def test_roman_sections_in_each_form_take_the_period_they_name():
    text = (
        "CHƯƠNG TRÌNH công tác Quý III năm 2020\n\n"
        "I. THÁNG 7\n- Việc tháng bảy.\n"
        "II - THÁNG 8\n- Việc tháng tám.\n"
        "III) THÁNG 9\n- Việc tháng chín.\n"
    )
    assert [(t.period, t.bullet) for t in parse(text).tasks] == [
        (JULY, 1), (AUGUST, 1), (SEPTEMBER, 1),
    ]  # fmt: skip


def test_sections_that_name_no_period_take_the_header_periods_in_order():
    text = (
        "**CHƯƠNG TRÌNH**\n**Công tác tháng 7 và Quý III năm 2020**\n\n"
        "**I. NHIỆM VỤ THÁNG NÀY**\n- Việc một.\n\n**II. NHIỆM VỤ CẢ QUÝ**\n- Việc hai.\n"
    )
    assert [t.period for t in parse(text).tasks] == [JULY, Q3]


def test_numbered_subsection_headings_are_headings_not_tasks():
    text = HEADER + (
        "1. Các nhiệm vụ trọng tâm\n- Việc một.\n"
        "2. Các cuộc họp, hội nghị, hội thảo của Sở\n- Họp giao ban.\n"
        "3. Công tác khác\n- Việc ba.\n"
    )
    assert [(t.section, t.text) for t in parse(text).tasks] == [
        ("task", "Việc một."), ("meeting", "Họp giao ban."), ("task", "Việc ba."),
    ]  # fmt: skip


def test_subsection_headings_match_without_accents_or_case():
    text = HEADER + "**CAC CUOC HOP, HOI NGHI, HOI THAO**\n- Họp giao ban.\n"
    assert parse(text).tasks[0].section == "meeting"


def test_bold_headings_without_hash_are_headings():
    text = HEADER + "**Các cuộc họp, hội nghị**\n- Họp giao ban.\n**Việc khác**\n- Việc một.\n"
    assert [(t.section, t.text) for t in parse(text).tasks] == [
        ("meeting", "Họp giao ban."), ("task", "Việc một."),
    ]  # fmt: skip


def test_bullets_of_every_kind_are_tasks():
    text = HEADER + "+ Một.\n- Hai.\n* Ba.\n• Bốn.\n-Năm.\n– Sáu.\n"
    assert [(t.bullet, t.text) for t in parse(text).tasks] == [
        (1, "Một."), (2, "Hai."), (3, "Ba."), (4, "Bốn."), (5, "Năm."), (6, "Sáu."),
    ]  # fmt: skip


def test_sub_bullets_continue_their_parent_joined_with_a_space():
    text = HEADER + "- Tổ chức kiểm tra:\n  - các cơ sở sản xuất;\n+ các cửa hàng.\n- Việc hai.\n"
    assert [(t.bullet, t.text) for t in parse(text).tasks] == [
        (1, "Tổ chức kiểm tra: các cơ sở sản xuất; các cửa hàng."), (2, "Việc hai."),
    ]  # fmt: skip


def test_items_wrapped_over_several_lines_are_one_item():
    text = HEADER + "- Tổ chức hội nghị\ntổng kết công tác\n   năm 2020.\n- Việc hai.\n"
    programme = parse(text)
    assert texts(programme) == ["Tổ chức hội nghị tổng kết công tác năm 2020.", "Việc hai."]
    assert [t.line for t in programme.tasks] == [4, 7]


def test_blank_lines_between_bullets_change_nothing():
    tight = HEADER + "- Một.\n- Hai.\n- Ba.\n"
    loose = HEADER + "- Một.\n\n- Hai.\n\n\n- Ba.\n"
    assert rows(parse(tight)) == rows(parse(loose))


def test_a_plain_paragraph_in_the_body_is_a_task_and_an_introduction_is_not():
    text = HEADER + (
        "**1. Các nhiệm vụ trọng tâm**\n\nSở tập trung các việc sau:\n\nTổ chức hội nghị.\n"
    )
    assert texts(parse(text)) == ["Tổ chức hội nghị."]


@pytest.mark.parametrize(
    "header",
    [
        "| STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |",
        "| TT | Nội dung | Chủ trì | Phối hợp | Thời hạn |",
        "| **Stt** | **NHIỆM VỤ** | **Đơn vị chủ trì** | **Phối hợp** | **Thời gian** |",
        "| STT | Noi dung cong viec | Don vi chu tri | Don vi phoi hop | Thoi gian hoan thanh |",
    ],
)
def test_a_pipe_table_gives_a_task_per_row_with_its_hints(header):
    text = HEADER + header + "\n|---|---|---|---|---|\n" + (
        "| 1 | Xây dựng kế hoạch. Trình UBND tỉnh. | Văn phòng | Các phòng | 15/8/2020 |\n"
        "| 2 | Kiểm tra đo lường |  |  |  |\n"
    )
    programme = parse(text)
    assert [(t.bullet, t.part, t.text, t.lead_hint, t.support_hint, t.due_hint, t.line)
            for t in programme.tasks] == [
        (1, 1, "Xây dựng kế hoạch. Trình UBND tỉnh.", "Văn phòng", "Các phòng", "15/8/2020", 6),
        (2, 1, "Kiểm tra đo lường", None, None, None, 7),
    ]  # fmt: skip
    assert {t.period for t in programme.tasks} == {Q3}


def test_group_rows_of_a_table_switch_period_and_section():
    text = HEADER + (
        "| STT | Nội dung | Chủ trì |\n|---|---|---|\n"
        "| I | Tháng 7 |  |\n| 1 | Việc tháng bảy | Văn phòng |\n"
        "| II | Tháng 8 |  |\n| 1 | Việc tháng tám | Văn phòng |\n"
        "|  | **Các cuộc họp** |  |\n| 1 | Họp giao ban tháng 8/2020 | Văn phòng |\n"
    )
    assert [(t.period, t.section, t.text) for t in parse(text).tasks] == [
        (JULY, "task", "Việc tháng bảy"),
        (AUGUST, "task", "Việc tháng tám"),
        (AUGUST, "meeting", "Họp giao ban tháng 8/2020"),
    ]


def test_a_table_without_a_content_column_is_read_as_lines():
    text = (
        "| UBND TỈNH BẮC GIANG<br>SỞ KHOA HỌC VÀ CÔNG NGHỆ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "|---|---|\n| Số: 12/CTr-KHCN | Bắc Giang, ngày 25 tháng 6 năm 2020 |\n\n"
        + HEADER + "- Việc một.\n"
    )
    programme = parse(text)
    assert (programme.number, programme.issued_on) == ("Số: 12/CTr-KHCN", date(2020, 6, 25))
    assert texts(programme) == ["Việc một."]


# -- periods ------------------------------------------------------------------
def test_a_header_that_names_no_period_needs_the_period_argument():
    with pytest.raises(InputError) as caught:
        parse("**CHƯƠNG TRÌNH CÔNG TÁC**\n\n- Việc một.\n")
    assert caught.value.code == "missing_period"


def test_the_period_argument_takes_every_task_when_the_header_names_none():
    text = (
        "**CHƯƠNG TRÌNH CÔNG TÁC**\n\n"
        "**I. THÁNG 7/2020**\n- Việc một.\n**II. THÁNG 8/2020**\n- Việc hai.\n"
    )
    programme = parse(text, period=Q3)
    assert [t.period for t in programme.tasks] == [Q3, Q3]
    assert programme.periods == (Q3,)


def test_the_period_argument_is_the_fallback_when_the_header_names_periods():
    text = (
        "**CHƯƠNG TRÌNH**\n**Công tác tháng 7 và Quý III năm 2020**\n\n- Việc chung.\n"
        "**I. THÁNG 7**\n- Việc tháng bảy.\n**II. NHIỆM VỤ CẢ QUÝ**\n- Việc quý.\n"
        "**III. NHIỆM VỤ KHÁC**\n- Việc thêm.\n"
    )
    programme = parse(text, period=AUGUST)
    assert [t.period for t in programme.tasks] == [AUGUST, JULY, Q3, AUGUST]
    assert programme.periods == (JULY, Q3)


def test_the_year_of_a_header_period_may_come_from_the_issue_date():
    text = (
        "Bắc Giang, ngày 25 tháng 6 năm 2020\n\n"
        "**KẾ HOẠCH**\n**Công tác trọng tâm tháng 7**\n\n- Việc một.\n"
    )
    assert parse(text).periods == (JULY,)


def test_without_a_title_the_first_header_line_naming_a_period_gives_it():
    text = (
        "Căn cứ Kế hoạch số 01/KH-UBND năm 2019 của UBND tỉnh;\n"
        "Công tác tháng 8 năm 2020\n\n- Việc một.\n"
    )
    programme = parse(text)
    assert (programme.title, programme.periods) == ("Công tác tháng 8 năm 2020", (AUGUST,))


def test_a_meeting_that_names_its_own_month_stays_in_it():
    text = HEADER + (
        "**Các cuộc họp, hội nghị, hội thảo**\n- Họp giao ban. Họp chi bộ tháng 8/2020.\n"
    )
    assert [(t.period, t.part) for t in parse(text).tasks] == [(Q3, 1), (AUGUST, 2)]


# -- text ---------------------------------------------------------------------
def test_sentences_are_not_split_inside_parentheses_or_after_abbreviations():
    text = HEADER + (
        "- Làm việc với UBND TP. Bắc Giang (theo Kế hoạch. Xem Phụ lục) và TS. Nguyễn Văn A. "
        "Báo cáo kết quả.\n"
    )
    assert texts(parse(text)) == [
        "Làm việc với UBND TP. Bắc Giang (theo Kế hoạch. Xem Phụ lục) và TS. Nguyễn Văn A.",
        "Báo cáo kết quả.",
    ]


def test_sentences_split_at_a_semicolon_before_a_capital_only():
    text = HEADER + "- Tổng hợp báo cáo; gửi Sở. Xây dựng kế hoạch; Ưu tiên vùng khó.\n"
    assert texts(parse(text)) == [
        "Tổng hợp báo cáo; gửi Sở.", "Xây dựng kế hoạch;", "Ưu tiên vùng khó.",
    ]  # fmt: skip


@pytest.mark.parametrize(("written", "bad"), [("31/02/2021", "31/02/2021"), ("30/02", "30/02")])
def test_an_impossible_date_is_refused_with_its_line(written, bad):
    text = HEADER + f"- Việc một.\n- Báo cáo trước ngày\n{written} cho Sở.\n"
    with pytest.raises(InputError) as caught:
        parse(text)
    assert (caught.value.code, caught.value.params) == ("bad_date", {"text": bad, "line": 6})


def test_ratios_document_numbers_and_month_years_are_not_dates():
    text = HEADER + (
        "- Đạt 15/20 huyện theo Thông tư 07/2019/TT-BKHCN, xong 29/02/2020, tháng 8/2020.\n"
    )
    assert len(parse(text).tasks) == 1


def test_markdown_marks_and_escapes_are_dropped():
    text = HEADER + (
        "## **1\\. Các nhiệm vụ trọng tâm**\n"
        "- **Tổ chức** _hội nghị_ tại pth_vp@bacgiang.gov.vn\\.  \n"
    )
    assert texts(parse(text)) == ["Tổ chức hội nghị tại pth_vp@bacgiang.gov.vn."]


def test_text_is_normalised_to_composed_unicode():
    text = unicodedata.normalize("NFD", HEADER + "- Đôn đốc nộp sản phẩm.\n")
    assert texts(parse(text)) == [unicodedata.normalize("NFC", "Đôn đốc nộp sản phẩm.")]


def test_a_full_issue_date_and_a_signer_for_the_director_are_read():
    text = (
        "Số: 45/CTr-KHCN\n\nBắc Giang, ngày 25 tháng 6 năm 2020\n\n" + HEADER + "- Việc một.\n\n"
        "**Nơi nhận:**\n- Như trên;\n- Lưu: VT.\n\n"
        "**KT. GIÁM ĐỐC**\n**PHÓ GIÁM ĐỐC**\n\n(Đã ký)\n\n**Trần Văn B**\n"
    )
    programme = parse(text)
    assert programme.issued_on == date(2020, 6, 25)
    assert programme.recipients == ("Như trên", "Lưu: VT")
    assert programme.signer_title == "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    assert programme.signer_name == "Trần Văn B"
    assert texts(programme) == ["Việc một."]


@pytest.mark.parametrize("title", ["GIÁM ĐỐC", "Q. GIÁM ĐỐC", "TL. GIÁM ĐỐC / CHÁNH VĂN PHÒNG"])
def test_signer_titles_in_their_forms_end_the_tasks(title):
    lines = "\n".join(f"**{part}**" for part in title.split(" / "))
    programme = parse(HEADER + f"- Việc một.\n{lines}\nLê Văn C\n")
    assert (programme.signer_title, programme.signer_name) == (title, "Lê Văn C")
    assert texts(programme) == ["Việc một."]


def test_the_sample_without_markdown_reads_the_same(sample_text):
    plain = sample_text.replace("*", "").replace("#", "")
    programme = parse(plain)
    assert rows(programme) == SAMPLE_TASKS
    assert programme.title == "CHƯƠNG TRÌNH Công tác tháng 7 và Quý III năm 2020"
    assert (programme.signer_title, programme.signer_name) == ("GIÁM ĐỐC", "Nguyễn Thanh Bình")


def test_a_plain_text_programme_with_numbered_items_and_wrapped_lines():
    text = (
        "UBND TỈNH BẮC GIANG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 12/CTr-KHCN\n"
        "Bắc Giang, ngày 30 tháng 9 năm 2020\nCHƯƠNG TRÌNH\nCông tác tháng 10 năm 2020\n\n"
        "Căn cứ kế hoạch của UBND tỉnh, Sở xây dựng chương trình như sau:\n\n"
        "I. NHIỆM VỤ TRỌNG TÂM\n1. Tổ chức hội nghị\ntổng kết năm 2020.\n2. Kiểm tra doanh nghiệp.\n"
        "II. CÁC CUỘC HỌP\n1. Họp giao ban tháng 10/2020.\nGIÁM ĐỐC\nNguyễn Thanh Bình\n"
    )
    programme = parse(text)
    october = Period.month(2020, 10)
    assert rows(programme) == [
        (october.key, "task", 1, 1, "Tổ chức hội nghị tổng kết năm 2020."),
        (october.key, "task", 2, 1, "Kiểm tra doanh nghiệp."),
        (october.key, "meeting", 1, 1, "Họp giao ban tháng 10/2020."),
    ]
    assert programme.title == "CHƯƠNG TRÌNH Công tác tháng 10 năm 2020"
    assert (programme.number, programme.issued_on) == ("Số: 12/CTr-KHCN", date(2020, 9, 30))
    assert programme.signer_name == "Nguyễn Thanh Bình"


def test_a_text_without_tasks_gives_a_programme_without_tasks():
    programme = parse(HEADER + "**GIÁM ĐỐC**\n\nNguyễn Thanh Bình\n")
    assert programme.tasks == ()
    assert programme.periods == (Q3,)
