"""Routing tasks to lead and supporting departments (domain.routing)."""

import tomllib
from pathlib import Path

import pytest

from domain.organisation import Department, Organisation
from domain.problems import Notice
from domain.routing import assign, find_department

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def org() -> Organisation:
    with (ROOT / "config" / "organisation.toml").open("rb") as fh:
        return Organisation.from_dict(tomllib.load(fh))


# Every sentence of examples/bac-giang-khcn-2020-07-q3.md → (lead, support).
SAMPLE = [
    (
        "Họp Hội đồng KH&CN tỉnh 6 tháng đầu năm, xin ý kiến Hội đồng về danh mục nhiệm vụ KH&CN "
        "cấp tỉnh thực hiện năm 2021.",
        "QLKH",
        (),
    ),
    (
        "Đơn đốc nộp sản phẩm, tổ chức Hội đồng đánh giá, nghiệm thu các đề tài/dự án đã hết thời "
        "hạn thực hiện.",
        "QLKH",
        (),
    ),
    ("Tổ chức hội đồng nghiệm thu các đề tài, dự án cấp tỉnh.", "QLKH", ()),
    ("Họp Hội đồng KH&CN cấp cơ sở.", "QLKH", ()),
    ("Tìm hiểu, lựa chọn doanh nghiệp ươm tạo công nghệ.", "QLCN", ()),
    ("Kiểm tra các doanh nghiệp trên địa bàn tỉnh.", "QLCN", ()),
    (
        "Thẩm tra, thẩm định công nghệ các dự án đầu tư theo yêu cầu của các tổ chức, doanh "
        "nghiệp.",
        "QLCN",
        (),
    ),
    (
        "Hướng dẫn các tổ chức cá nhân đăng ký Sở hữu công nghiệp và đơn đốc hướng dẫn cấp mới các "
        "tổ chức cá nhân cấp phép sử dụng thiết bị X-Quang chuẩn đoán y tế.",
        "QLCNG",
        (),
    ),
    (
        "Hướng dẫn các tổ chức, cá nhân thực hiện công bố dấu định lượng trên nhãn của hàng đóng "
        "gói sẵn.",
        "TDC",
        (),
    ),
    (
        "Tổ chức hoạt động khảo sát chất lượng bên ngoài đối với sản phẩm vải thiều mang chỉ dẫn "
        "địa lý Lục Ngạn.",
        "TDC",
        ("QLCNG",),
    ),
    (
        "Tổ chức hoạt động kiểm tra các cơ sở sản xuất, kinh doanh vàng trang sức, mỹ nghệ trên "
        "địa bàn tỉnh.",
        "TDC",
        (),
    ),
    (
        "Tổ chức hội nghị giao ban các hoạt động KH&CN cấp ngành, huyện, thành phố năm 2020; hướng "
        "dẫn các ngành, huyện, thành phố xây dựng và xác định nhiệm vụ KH&CN năm 2021.",
        "QLKH",
        (),
    ),
    ("Triển khai cuộc thanh tra theo kế hoạch được phê duyệt.", "TTRA", ()),
    ("Tổ chức Hội nghị sơ kết hoạt động 6 tháng đầu năm 2020.", "VP", ()),
    ("Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020.", "VP", ()),
    (
        "Tiếp tục triển khai các mô hình ứng dụng khoa học kỹ thuật và duy trì thực các dịch vụ "
        "theo yêu cầu của tổ chức, cá nhân.",
        "TTUD",
        (),
    ),
    (
        "Thực hiện dịch vụ tư vấn, chuyển giao các tiến bộ KH&CN cho các đơn vị sản xuất kinh "
        "doanh, hộ gia đình trong và ngoài tỉnh.",
        "TTUD",
        (),
    ),
    ("Tổ chức triển khai đầy mạnh hoạt động dịch vụ các sản phẩm KH&CN.", "TTUD", ()),
    (
        "Duy trì các hoạt động dịch vụ kiểm định, kiểm nghiệm đáp ứng nhu cầu của khách hàng.",
        "TDC",
        (),
    ),
    ("Họp định kỳ: Họp lãnh đạo Sở, họp giao ban kỳ tháng 7/2020.", "VP", ()),
    (
        "Tổng hợp danh mục các văn bản trình Tỉnh ủy, HĐND, UBND, Chủ tịch UBND tỉnh năm 2021.",
        "VP",
        (),
    ),
    (
        "Tổ chức các hội đồng tư vấn, xác định nhiệm vụ khoa học và công nghệ thực hiện năm 2020.",
        "QLKH",
        (),
    ),
    ("Trình UBND tỉnh phê duyệt danh mục các đề tài, dự án KH&CN cấp tỉnh năm 2021.", "QLKH", ()),
    (
        "Theo dõi, kiểm tra tiến độ các đề tài, dự án cấp tỉnh, cấp nhà nước đang thực hiện.",
        "QLKH",
        (),
    ),
    ("Tổ chức kiểm tra tiến độ thực hiện đề tài, dự án cấp cơ sở thực hiện năm 2020.", "QLKH", ()),
    (
        "Cấp kinh phí cho các đề tài, dự án thực hiện từ các năm trước chuyển tiếp sang năm 2020 "
        "và thực hiện trong năm 2020 (đợt 2).",
        "KHTC",
        ("QLKH",),
    ),
    ("Tổ chức Hội nghị chuyên đề về đổi mới Công nghệ tại doanh nghiệp.", "QLCN", ()),
    ("Tổ chức 01 lớp tập huấn về sáng kiến.", "QLCNG", ()),
    ("Tổng hợp báo cáo các Doanh nghiệp tham gia GTCLQG năm 2020.", "TDC", ()),
    (
        "Tổ chức hội nghị tuyên truyền các văn bản quy phạm pháp luật về đo lường (Thông tư "
        "07/2019/TT-BKHCN sửa đổi bổ sung Thông tư số 23/2013/TT-BKHCN ngày 26/9/2013 của Bộ Khoa "
        "học và Công nghệ quy định về đo lường đối với phương tiện đo nhóm 2 và một số văn bản về "
        "đo lường).",
        "TDC",
        (),
    ),
    (
        "Cấp kinh phí hoạt động SNKH cho các huyện, thành phố, các ngành 6 tháng cuối năm 2020.",
        "KHTC",
        (),
    ),
    (
        "Tổng hợp kế hoạch, mua sắm trang thiết bị của các đơn vị, các phòng chuyên môn năm 2020 "
        "(đợt 2).",
        "KHTC",
        (),
    ),
    ("Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt.", "TTRA", ()),
    (
        "Tổng hợp báo cáo các doanh nghiệp tham gia GTCLQG năm 2020; Xây dựng kế hoạch kiểm tra "
        "hàng hóa phục vụ tết Trung thu.",
        "TDC",
        (),
    ),
    ("Họp định kỳ: Họp lãnh đạo Sở, họp giao ban kỳ tháng 7, 8, 9/2020.", "VP", ()),
]


@pytest.mark.parametrize(("text", "lead", "support"), SAMPLE)
def test_sample_sentences_route_by_keywords(org, text, lead, support):
    got = assign(text, org, line=12)
    assert (got.lead, got.support, got.explicit, got.notices) == (lead, support, False, ())


@pytest.mark.parametrize(
    ("text", "lead", "support"),
    [
        ("Giao Thanh tra Sở chủ trì kiểm tra hàng hóa.", "TTRA", ()),
        ("giao thanh tra so chu tri kiem tra hang hoa", "TTRA", ()),
        ("GIAO THANH TRA SỞ CHỦ TRÌ", "TTRA", ()),
        (
            "Kiểm tra hàng hóa (Chủ trì: Phòng QLKH; phối hợp: Văn phòng, Phòng KH-TC).",
            "QLKH",
            ("VP", "KHTC"),
        ),
        (
            "Phòng QLKH chủ trì, phối hợp với Văn phòng Sở tổ chức hội nghị đo lường.",
            "QLKH",
            ("VP",),
        ),
        ("Văn phòng Sở là đầu mối tổng hợp báo cáo về đo lường.", "VP", ()),
        ("Phòng Kế hoạch – Tài chính tham mưu xây dựng kế hoạch thanh tra.", "KHTC", ()),
        ("Kiểm tra hàng hóa. Đơn vị thực hiện: Chi cục TĐC, Thanh tra Sở.", "TDC", ("TTRA",)),
        (
            "Tổ chức hội nghị do Trung tâm Ứng dụng tiến bộ khoa học và công nghệ chủ trì.",
            "TTUD",
            (),
        ),
        (
            "Đơn vị chủ trì: Phòng Quản lý công nghệ và thị trường công nghệ; đơn vị phối hợp: "
            "Phòng QLKH và Chi cục TĐC.",
            "QLCN",
            ("QLKH", "TDC"),
        ),
    ],
)
def test_the_texts_own_assignment_wins(org, text, lead, support):
    got = assign(text, org)
    assert (got.lead, got.support, got.explicit, got.notices) == (lead, support, True, ())


def test_an_unknown_unit_is_noticed_and_keywords_decide(org):
    got = assign("Giao Sở Tài chính chủ trì thẩm định kinh phí.", org, line=7)
    assert (got.lead, got.explicit) == ("KHTC", False)
    assert got.notices == (Notice("unknown_unit_named", {"name": "Sở Tài chính", "line": 7}),)


def test_a_named_non_department_in_a_list_is_noticed(org):
    got = assign("Kiểm tra hàng hóa (Chủ trì: UBND tỉnh, Sở Tài chính).", org, line=2)
    assert (got.lead, got.explicit) == ("TDC", False)
    assert got.notices == (Notice("unknown_unit_named", {"name": "UBND tỉnh", "line": 2}),)


def test_an_empty_assignment_is_ignored(org):
    got = assign("Kiểm tra hàng hóa. Chủ trì:", org)
    assert (got.lead, got.support, got.explicit, got.notices) == ("TDC", (), False, ())
    got = assign("Chủ trì: ; phối hợp:", org)
    assert (got.lead, got.support, got.explicit) == ("VP", (), False)
    assert [n.code for n in got.notices] == ["routed_by_default"]


@pytest.mark.parametrize(
    "text",
    [
        "Tổng hợp, tham mưu UBND tỉnh ban hành kế hoạch thi đua.",
        "Lãnh đạo Sở chủ trì họp giao ban.",  # chairing a meeting, not leading a task
        "Sở chủ trì tổ chức hội nghị tổng kết.",  # the organisation itself
        "Tổ chức kiểm tra tiến độ thực hiện hoạt động thi đua.",
    ],
)
def test_a_verb_without_a_unit_is_not_an_assignment(org, text):
    got = assign(text, org)
    assert (got.lead, got.explicit, got.notices) == ("VP", False, ())


def test_hints_win_over_text_and_keywords(org):
    got = assign(
        "Giao Thanh tra Sở chủ trì cấp kinh phí.",
        org,
        lead_hint="Phòng QLKH, Chi cục TĐC",
        support_hint="Văn phòng; Phòng KH-TC",
    )
    assert (got.lead, got.support, got.explicit) == ("QLKH", ("TDC", "VP", "KHTC"), True)


@pytest.mark.parametrize("hint", ["", "-", "  "])
def test_an_empty_hint_is_ignored(org, hint):
    got = assign("Cấp kinh phí.", org, lead_hint=hint, support_hint=hint)
    assert (got.lead, got.support, got.explicit, got.notices) == ("KHTC", (), False, ())


def test_an_unresolved_hint_falls_through(org):
    got = assign("Cấp kinh phí cho các đề tài.", org, lead_hint="UBND tỉnh", line=3)
    assert (got.lead, got.support, got.explicit) == ("KHTC", ("QLKH",), False)
    assert got.notices == (Notice("unknown_unit_named", {"name": "UBND tỉnh", "line": 3}),)


def test_a_named_supporter_does_not_lead(org):
    got = assign("Phối hợp với Thanh tra Sở kiểm tra hàng hóa.", org)
    assert (got.lead, got.support) == ("TDC", ("TTRA",))


def test_nothing_matched_goes_to_the_default_with_a_notice(org):
    text = "Làm việc với các đối tác trong và ngoài nước về các nội dung hợp tác đã ký năm 2020."
    got = assign(text, org, line=9)
    assert (got.lead, got.support, got.explicit) == ("VP", (), False)
    params = {"text": "Làm việc với các đối tác trong và ngoài nước về các nội dung…", "line": 9,
              "dept": "VP"}
    assert got.notices == (Notice("routed_by_default", params),)


def test_keywords_match_whole_words_with_their_accents(org):
    # "nhãn" (TDC) must not match "nhân", nor "thanh tra" match "thẩm tra".
    assert assign("Hỗ trợ cá nhân đăng ký sáng kiến.", org).lead == "QLCNG"
    assert assign("Thẩm tra hồ sơ cải cách hành chính.", org).lead == "VP"
    assert assign("Kiểm tra nhãn hàng hóa.", org).lead == "TDC"
    assert assign("kiem tra dinh luong hang dong goi san", org).lead == "TDC"


def _toy(*keywords: tuple[str, ...]) -> Organisation:
    depts = tuple(
        Department(code, code, f"{code.lower()}@x.vn", keywords=kws)
        for code, kws in zip(("A", "B", "C"), keywords, strict=False)
    )
    return Organisation("Sở", depts, default_department="A")


def test_earliest_then_longest_then_config_order_leads():
    org = _toy(("kiểm tra",), ("kiểm tra hàng hóa",), ("báo cáo",))
    got = assign("Báo cáo và kiểm tra hàng hóa.", org)
    assert (got.lead, got.support) == ("C", ("B", "A"))
    got = assign("Kiểm tra hàng hóa, báo cáo.", org)
    assert (got.lead, got.support) == ("B", ("A", "C"))
    got = assign("Báo cáo.", _toy(("báo cáo",), ("báo cáo",)))
    assert (got.lead, got.support) == ("A", ("B",))


def test_tone_placement_does_not_matter():
    org = _toy(("khen thưởng",), ("hàng hóa",))
    assert assign("Kiểm tra hàng hoá.", org).lead == "B"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Phòng KH-TC", "KHTC"),
        ("phong kh - tc", "KHTC"),
        ("KHTC", "KHTC"),
        ("Phòng Kế hoạch - Tài chính", "KHTC"),
        ("Văn phòng", "VP"),
        ("VĂN PHÒNG SỞ", "VP"),
        ("thanh tra so", "TTRA"),
        ("Chi cục TĐC", "TDC"),
        ("chi cuc tdc", "TDC"),
        ("Phòng QLCNg", "QLCNG"),
        ("Phòng QLCN", "QLCN"),
        ("Trung tâm ứng dụng tiến bộ KH&CN", "TTUD"),
        ("UBND tỉnh", None),
        ("", None),
    ],
)
def test_find_department(org, name, code):
    assert find_department(name, org) == code
