"""Short interface texts of the CLI, in Vietnamese (default) and English."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        "error": "Lỗi",
        "warnings": "Cảnh báo",
        "init_done": "Đã khởi tạo cơ sở dữ liệu {url}: {added} đơn vị mới, {updated} đơn vị cập nhật.",
        "import_dry_run": "Chạy thử: chưa ghi gì vào cơ sở dữ liệu.",
        "import_done": "Đã nhập {items} công việc vào các kỳ: {periods} (chương trình số {id}).",
        "preview_title": "{period} — {dept}",
        "no_items": "Không có công việc nào.",
        "updated": "Đã cập nhật công việc {id}: {status}, {progress}%.",
        "col_id": "Số",
        "col_period": "Kỳ",
        "col_section": "Loại",
        "col_bullet": "Mục",
        "col_text": "Nội dung",
        "col_lead": "Chủ trì",
        "col_support": "Phối hợp",
        "col_due": "Hạn",
        "col_status": "Trạng thái",
        "col_progress": "Tiến độ",
        "col_code": "Mã",
        "col_name": "Tên",
        "col_email": "E-mail",
        "col_items": "Số việc",
        "col_done": "Hoàn thành",
        "col_state": "Tình trạng",
        "period_open": "Đang mở",
        "period_closed": "Đã khóa sổ",
        "section_task": "Nhiệm vụ",
        "section_meeting": "Cuộc họp",
        "items_count": "{n} công việc",
        "departments_title": "Các phòng, đơn vị",
        "periods_title": "Các kỳ",
    },
    "en": {
        "error": "Error",
        "warnings": "Warnings",
        "init_done": "Database {url} ready: {added} departments added, {updated} updated.",
        "import_dry_run": "Dry run: nothing written to the database.",
        "import_done": "Imported {items} work items into periods {periods} (programme {id}).",
        "preview_title": "{period} — {dept}",
        "no_items": "No work items.",
        "updated": "Updated item {id}: {status}, {progress}%.",
        "col_id": "ID",
        "col_period": "Period",
        "col_section": "Kind",
        "col_bullet": "No.",
        "col_text": "Text",
        "col_lead": "Lead",
        "col_support": "Support",
        "col_due": "Due",
        "col_status": "Status",
        "col_progress": "Progress",
        "col_code": "Code",
        "col_name": "Name",
        "col_email": "E-mail",
        "col_items": "Items",
        "col_done": "Done",
        "col_state": "State",
        "period_open": "Open",
        "period_closed": "Closed",
        "section_task": "Task",
        "section_meeting": "Meeting",
        "items_count": "{n} items",
        "departments_title": "Departments",
        "periods_title": "Periods",
    },
}


def t(key: str, locale: str = "vi", **params: Any) -> str:
    """The interface text ``key`` in ``locale``."""
    text = TEXTS.get(locale, TEXTS["vi"]).get(key) or TEXTS["vi"][key]
    return text.format(**params) if params else text
