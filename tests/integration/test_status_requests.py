"""Asking departments for their progress: the mail, its link, and once a week."""

from __future__ import annotations

from datetime import date

from domain.periods import Period
from notifications.links import read_token
from services.delivery import deliver
from services.importing import import_programme
from services.runtime import Runtime
from services.status_requests import request_status


def test_a_department_gets_one_request_a_week_with_its_own_working_link(rt, 
    engine, org, sample_text, mail_settings, smtp_server
):
    import_programme(rt, sample_text, source_name="sample.md")
    mail_rt = Runtime(mail_settings, org=org)
    ask = dict(dept="ttra", period=Period.quarter(2020, 3))
    assert request_status(mail_rt.at(date(2020, 8, 10)), **ask)
    assert not request_status(mail_rt.at(date(2020, 8, 14)), **ask)  # same ISO week
    deliver(mail_rt)
    [message] = smtp_server.messages()
    assert message["To"] == "thanhtra@sokhcn.example.vn"
    assert message["Subject"] == "Đề nghị cập nhật tiến độ Quý III/2020 — tuần 33/2020"
    assert message["Reply-To"] == "vanphong@sokhcn.example.vn"  # the office
    assert message["From"].addresses[0].display_name == org.name
    assert message["Date"].datetime.utcoffset().total_seconds() == 7 * 3600
    text = message.get_body(("plain",)).get_content()
    assert "Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt." in text
    assert "chậm nhất ngày 11/08/2020" in " ".join(text.split())  # the next working day
    link = next(word for word in text.split() if "/d/" in word)
    assert read_token(mail_settings.secret(), link.rsplit("/", 1)[1]).dept == "TTRA"
    assert request_status(mail_rt.at(date(2020, 8, 17)), **ask)  # a new week
    mail_rt.close()


def test_a_department_without_open_items_is_not_asked(rt, engine, org, sample_text, mail_settings):
    import_programme(rt, sample_text, source_name="sample.md")
    july = Period.month(2020, 7)
    assert not request_status(rt.at(date(2020, 7, 20)), dept="KHTC", period=july)
