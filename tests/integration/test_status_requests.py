"""Asking departments for their progress: the mail, its link, and once a week."""

from __future__ import annotations

from datetime import date

from notifications.links import read_token
from notifications.mailer import deliver_pending
from notifications.requests import request_status
from store.importer import import_text


def test_a_department_gets_one_request_a_week_with_its_own_working_link(
    engine, org, sample_text, mail_settings, smtp_server
):
    import_text(engine, org, sample_text, source_name="sample.md")
    ask = dict(settings=mail_settings, org=org, dept="ttra", period="2020-Q3")
    assert request_status(engine, **ask, today=date(2020, 8, 10))
    assert not request_status(engine, **ask, today=date(2020, 8, 14))  # same ISO week
    deliver_pending(engine, mail_settings)
    [message] = smtp_server.messages()
    assert message["To"] == "thanhtra@sokhcn.example.vn"
    assert "Quý III/2020" in message["Subject"] and "Thanh tra Sở" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt." in text
    assert "13/08/2020" in text  # three working days to reply
    link = next(word for word in text.split() if "/d/" in word)
    assert read_token(mail_settings.secret(), link.rsplit("/", 1)[1]).dept == "TTRA"
    assert request_status(engine, **ask, today=date(2020, 8, 17))  # a new week


def test_a_department_without_open_items_is_not_asked(engine, org, sample_text, mail_settings):
    import_text(engine, org, sample_text, source_name="sample.md")
    assert not request_status(
        engine, settings=mail_settings, org=org, dept="KHTC", period="2020-07", today=date(2020, 7, 20)
    )
