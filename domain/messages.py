"""User-facing texts for problem codes, in Vietnamese (default) and English."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "vi": {
        # input errors
        "unknown_period": "Không nhận ra kỳ “{text}”. Hãy ghi như 2020-Q4, Quý IV/2020, 2020-07 hoặc tháng 7/2020.",
        "missing_period": 'Văn bản không ghi kỳ (tháng, quý, năm) ở phần đầu. Hãy chỉ rõ bằng --period, ví dụ --period "Quý IV/2020".',
        "bad_date": "Ngày “{text}” không tồn tại (dòng {line}).",
        "empty_file": "Tệp “{name}” trống.",
        "binary_file": "Tệp “{name}” không phải văn bản (.md, .txt hoặc .docx).",
        "undecodable_file": "Không đọc được bảng mã của tệp “{name}” (đã thử UTF-8 và Windows-1258).",
        "file_too_large": "Tệp “{name}” quá lớn ({size} MB); giới hạn là {limit} MB.",
        "no_tasks": "Không tìm thấy nhiệm vụ nào trong “{name}”.",
        "file_not_found": "Không tìm thấy tệp “{name}”.",
        "bad_docx": "Tệp “{name}” không phải tệp .docx hợp lệ.",
        "unknown_department": "Không có phòng, đơn vị mã “{dept}”.",
        "unknown_status": "Trạng thái “{value}” không hợp lệ. Các trạng thái: {allowed}.",
        "unknown_item": "Không có công việc số {id}.",
        "bad_progress": "Tiến độ phải từ 0 đến 100 (nhận được {value}).",
        "done_needs_full_progress": "Công việc đã hoàn thành thì tiến độ phải là 100 (nhận được {value}).",
        "not_started_with_progress": "Công việc chưa bắt đầu không thể có tiến độ {value}%.",
        "in_progress_at_full": "Tiến độ 100% nghĩa là đã hoàn thành: hãy chọn trạng thái “Hoàn thành”.",
        "note_too_long": "Ghi chú dài quá {limit} ký tự.",
        "stale_version": "Công việc đã được người khác cập nhật (phiên bản {current}); hãy xem trạng thái mới rồi lưu lại.",
        "bad_organisation": "Tệp cấu hình tổ chức không hợp lệ: {detail}",
        "database_not_ready": "Cơ sở dữ liệu chưa được khởi tạo. Hãy chạy “workplan init”.",
        "unknown_timezone": "Không nhận ra múi giờ “{zone}”. Vui lòng ghi theo dạng Asia/Ho_Chi_Minh.",
        # notices (warnings)
        "duplicate_task": "Nhiệm vụ lặp lại trong {period} (dòng {line}) được gộp vào nhiệm vụ ở dòng {first_line}: “{text}”.",
        "routed_by_default": "Không xác định được đơn vị chủ trì cho “{text}” (dòng {line}); giao {dept}.",
        "unknown_unit_named": "Văn bản giao cho “{name}” (dòng {line}) nhưng không có đơn vị này; đã dùng từ khóa.",
        "due_outside_period": "Hạn {due} của “{text}” (dòng {line}) nằm ngoài {period}.",
        "already_imported": "Văn bản này đã được nhập ngày {when} (chương trình số {id}); không có gì thay đổi.",
        # the schedule file (config/schedule.toml)
        "schedule_toml_syntax": "Tệp lịch chạy “{name}” sai cú pháp TOML ở dòng {line}. Vui lòng sửa dòng {line} theo mẫu config/schedule.toml.",
        "schedule_unknown_job": "Tệp lịch chạy có tác vụ không được hỗ trợ. Vui lòng dùng một trong các tác vụ: {known} (đã nhập: {job}).",
        "schedule_missing_key": "Tệp lịch chạy thiếu mục “{key}”. Vui lòng bổ sung theo mẫu config/schedule.toml.",
        "schedule_unknown_key": "Tệp lịch chạy có mục không được hỗ trợ. Vui lòng kiểm tra lại tên mục; các mục dùng ở đây: {known} (đã nhập: {key}).",
        "schedule_not_a_table": "Mục “{key}” trong tệp lịch chạy phải là một bảng, ví dụ [{key}] (đã nhập: {value}).",
        "schedule_bad_cron": "Lịch chạy của tác vụ “{job}” không đúng dạng crontab (phút giờ ngày tháng thứ). Vui lòng ghi như “0 8 * * mon-fri” (đã nhập: {value}).",
        "schedule_numeric_weekday": "Lịch chạy của tác vụ “{job}” ghi thứ trong tuần bằng số; bộ lập lịch đếm thứ Hai là 0 nên lịch sẽ lệch một ngày. Vui lòng ghi bằng tên: mon, tue, wed, thu, fri, sat, sun (đã nhập: {value}).",
        "schedule_bad_number": "Mục “{name}” trong tệp lịch chạy phải là số nguyên từ {minimum} trở lên (đã nhập: {value}).",
        # limits and bad input (settings, files, forms)
        "setting_secret_short": "Khóa ký đường dẫn {name} quá ngắn. Vui lòng dùng khóa dài ít nhất {minimum} ký tự, hoặc bỏ biến này để dùng khóa do “workplan init” tạo.",
        "setting_link_days": "Thời hạn đường dẫn WORKPLAN_LINK_DAYS phải là số ngày từ 1 đến {maximum}. Vui lòng sửa lại (đã nhập: {value}).",
        "setting_invalid": "Giá trị của biến môi trường {name} không hợp lệ. Vui lòng sửa lại theo bảng cấu hình trong README (đã nhập: {value}).",
        "link_days_out_of_range": "Thời hạn đường dẫn phải từ 1 đến {maximum} ngày. Vui lòng chọn lại --days (đã nhập: {value}).",
        "not_a_file": "“{name}” không phải là một tệp văn bản (là thư mục, ống dẫn hoặc thiết bị). Vui lòng chọn tệp .md, .txt hoặc .docx.",
        "file_unreadable": "Không có quyền đọc tệp “{name}”. Vui lòng kiểm tra quyền truy cập tệp.",
        "file_read_error": "Không đọc được tệp “{name}” do lỗi vào/ra. Vui lòng chép tệp sang chỗ khác rồi nhập lại.",
        "docx_too_large_inside": "Tệp “{name}” khi giải nén quá lớn ({size} MB); giới hạn là {limit} MB. Vui lòng kiểm tra lại tệp.",
        "task_too_long": "Nhiệm vụ ở dòng {line} dài {length} ký tự, vượt giới hạn {limit} ký tự. Vui lòng kiểm tra lại văn bản.",
        "too_many_tasks": "Văn bản có {count} nhiệm vụ, vượt giới hạn {limit} nhiệm vụ mỗi văn bản. Vui lòng tách thành nhiều văn bản.",
        "nul_in_note": "Ghi chú có ký tự không hợp lệ (mã NUL). Vui lòng nhập lại ghi chú.",
        "nul_in_name": "Tên người cập nhật có ký tự không hợp lệ (mã NUL). Vui lòng nhập lại họ và tên.",
        "name_too_long": "Tên người cập nhật dài quá {limit} ký tự. Vui lòng ghi họ và tên (đã nhập: {length} ký tự).",
        # programme versions
        "revision_removed_note": "Bỏ khỏi chương trình (bản sửa đổi ngày {day}).",
        "revision_edited_note": "Nội dung sửa theo bản sửa đổi ngày {day}; trước đây: “{text}”.",
        "linked_task": "Nhiệm vụ “{text}” (dòng {line}) đã có trong {period} (công việc số {id}); đã liên kết với công việc đó, không tạo thêm.",
        "unknown_programme": "Không có chương trình số {id}. Vui lòng xem danh sách bằng lệnh “workplan programmes”.",
        "undo_refused_updated": "Không hoàn tác được lần nhập thứ {version} của chương trình số {id}: công việc số {item} đã được {by} cập nhật lúc {at:%H:%M} ngày {at:%d/%m/%Y}. Vui lòng cập nhật trực tiếp các công việc cần sửa.",
        "undo_refused_linked": "Không hoàn tác được lần nhập thứ {version} của chương trình số {id}: công việc số {item} đã được chuyển tiếp hoặc được chương trình khác liên kết.",
    },
    "en": {
        "unknown_period": "Unknown period “{text}”. Write it as 2020-Q4, Quý IV/2020, 2020-07 or tháng 7/2020.",
        "missing_period": "The document names no period (month, quarter, year) in its header. Give one with --period, e.g. --period 2020-Q4.",
        "bad_date": "The date “{text}” does not exist (line {line}).",
        "empty_file": "The file “{name}” is empty.",
        "binary_file": "The file “{name}” is not a text document (.md, .txt or .docx).",
        "undecodable_file": "Cannot read the encoding of “{name}” (tried UTF-8 and Windows-1258).",
        "file_too_large": "The file “{name}” is too large ({size} MB); the limit is {limit} MB.",
        "no_tasks": "No tasks found in “{name}”.",
        "file_not_found": "File “{name}” not found.",
        "bad_docx": "The file “{name}” is not a valid .docx file.",
        "unknown_department": "No department with code “{dept}”.",
        "unknown_status": "Invalid status “{value}”. Statuses: {allowed}.",
        "unknown_item": "No work item number {id}.",
        "bad_progress": "Progress must be between 0 and 100 (got {value}).",
        "done_needs_full_progress": "A done item has progress 100 (got {value}).",
        "not_started_with_progress": "An item not started cannot have {value}% progress.",
        "in_progress_at_full": "100% progress means done: choose the status “done”.",
        "note_too_long": "The note is longer than {limit} characters.",
        "stale_version": "Someone else updated this item (version {current}); review the new state and save again.",
        "bad_organisation": "Invalid organisation file: {detail}",
        "database_not_ready": "The database is not initialised. Run “workplan init”.",
        "unknown_timezone": "Unknown time zone “{zone}”. Write it like Asia/Ho_Chi_Minh.",
        "duplicate_task": "Repeated task in {period} (line {line}) merged into the one at line {first_line}: “{text}”.",
        "routed_by_default": "No lead department found for “{text}” (line {line}); assigned to {dept}.",
        "unknown_unit_named": "The text assigns “{name}” (line {line}), which is not a department; keywords used instead.",
        "due_outside_period": "Due date {due} of “{text}” (line {line}) lies outside {period}.",
        "already_imported": "This document was already imported on {when} (programme {id}); nothing changed.",
        "schedule_toml_syntax": "The schedule file “{name}” has a TOML syntax error at line {line}: {detail}",
        "schedule_unknown_job": "Unknown job “{job}” in the schedule file. Known jobs: {known}.",
        "schedule_missing_key": "The schedule file lacks “{key}”; see config/schedule.toml.",
        "schedule_unknown_key": "Unknown setting “{key}” in the schedule file. Settings here: {known}.",
        "schedule_not_a_table": "“{key}” in the schedule file must be a table, e.g. [{key}] (got {value}).",
        "schedule_bad_cron": "The schedule of job “{job}” is not a crontab expression (minute hour day month weekday), e.g. “0 8 * * mon-fri” (got {value}).",
        "schedule_numeric_weekday": "The schedule of job “{job}” gives weekdays as numbers, which the scheduler counts from Monday = 0, one day off from crontab; use mon, tue, wed, thu, fri, sat, sun (got {value}).",
        "schedule_bad_number": "“{name}” in the schedule file must be a whole number of at least {minimum} (got {value}).",
        "setting_secret_short": "The link signing key {name} is too short. Use a key of at least {minimum} characters, or unset it to use the one “workplan init” creates.",
        "setting_link_days": "WORKPLAN_LINK_DAYS must be a number of days from 1 to {maximum} (entered: {value}).",
        "setting_invalid": "The environment variable {name} has an invalid value; see the settings table in the README (entered: {value}).",
        "link_days_out_of_range": "A link lives from 1 to {maximum} days; choose another --days (entered: {value}).",
        "not_a_file": "“{name}” is not a text file (it is a directory, a pipe or a device). Choose a .md, .txt or .docx file.",
        "file_unreadable": "No permission to read the file “{name}”. Check the file's access rights.",
        "file_read_error": "The file “{name}” could not be read (I/O error). Copy it elsewhere and import it again.",
        "docx_too_large_inside": "The file “{name}” is too large once unzipped ({size} MB); the limit is {limit} MB.",
        "task_too_long": "The task at line {line} is {length} characters long, over the limit of {limit}.",
        "too_many_tasks": "The document has {count} tasks, over the limit of {limit} per document. Split it into several documents.",
        "nul_in_note": "The note contains an invalid character (NUL). Enter the note again.",
        "nul_in_name": "The name contains an invalid character (NUL). Enter the name again.",
        "name_too_long": "The name of the person updating is longer than {limit} characters (entered: {length} characters).",
        "revision_removed_note": "Removed from the programme (revision of {day}).",
        "revision_edited_note": "Text changed by the revision of {day}; it read: “{text}”.",
        "linked_task": "The task “{text}” (line {line}) already exists in {period} (item {id}); linked to that item, not created again.",
        "unknown_programme": "No programme number {id}. See the list with “workplan programmes”.",
        "undo_refused_updated": "Cannot undo import {version} of programme {id}: item {item} was updated by {by} at {at:%H:%M} on {at:%d/%m/%Y}. Update the items directly instead.",
        "undo_refused_linked": "Cannot undo import {version} of programme {id}: item {item} was carried over or is linked by another programme.",
    },
}


def render(code: str, locale: str = "vi", /, **params: Any) -> str:
    """The message for ``code`` in ``locale`` (falls back to Vietnamese, then the code)."""
    table = MESSAGES.get(locale, MESSAGES["vi"])
    template = table.get(code) or MESSAGES["vi"].get(code)
    if template is None:
        return f"{code}: {params}" if params else code
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
