"""Links that lead somewhere: an expired or forged link offers the office's contact and a
form that mails a fresh link to the department's registered address, only there, with the
same answer for any address, at most once a quarter of an hour."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from services.clock import Clock
from services.runtime import Runtime


class SignedLastMonth(TimestampSigner):
    def get_timestamp(self) -> int:
        return int((datetime.now(UTC) - timedelta(days=31)).timestamp())


@pytest.fixture
def mailing_client(rt: Runtime, seeded, mail_settings, clock) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """The app sending mail to the test's SMTP server, on the real time (links expire on it)."""
    from workplan.web.app import create_app

    clock.now = datetime.now(UTC)
    runtime = Runtime(mail_settings, Clock(rt.clock.zone, clock), org=rt.org)
    runtime.__dict__["engine"] = rt.engine
    with TestClient(create_app(runtime), follow_redirects=False) as client:
        yield client


def expired_link(secret: str, dept: str = "TTRA") -> str:
    """A genuine 30-day link of ``dept``, signed 31 days ago."""
    return URLSafeTimedSerializer(secret, salt="workplan.link.v1", signer=SignedLastMonth).dumps(
        {"s": dept, "d": 30}
    )


def ask(client: TestClient, page: str, address: str):  # type: ignore[no-untyped-def]
    """Send the page's "Gửi đường dẫn mới" form with ``address``."""
    form = re.search(r'name="form" value="([^"]+)"', page)[1]  # type: ignore[index]
    return client.post("/links/new", data={"form": form, "email": address})


def test_an_expired_link_leads_to_a_new_one_in_the_clerks_mailbox(
    mailing_client, settings, smtp_server
):
    page = mailing_client.get(f"/d/{expired_link(settings.secret())}")
    assert page.status_code == 403
    text = htmllib.unescape(page.text)
    assert "Đường dẫn đã hết hạn." in text and "Nhận đường dẫn mới" in text
    assert "Văn phòng Sở" in text and "0204 3854 000" in text
    assert "vanphong@sokhcn.example.vn" in text
    answer = ask(mailing_client, page.text, " ThanhTra@sokhcn.example.vn ")
    assert answer.status_code == 200
    assert "Đã tiếp nhận đề nghị" in htmllib.unescape(answer.text)
    [mail] = smtp_server.messages()
    assert mail["To"] == "thanhtra@sokhcn.example.vn"
    assert mail["Subject"] == "Đường dẫn mới tới trang cập nhật tiến độ — Thanh tra Sở"
    body = mail.get_body(("plain",)).get_content()
    assert body.startswith("Kính gửi: Thanh tra Sở,")
    link = re.search(r"http://\S+/d/\S+", body)[0]  # type: ignore[index]
    opened = mailing_client.get(link.split("8000", 1)[1])
    assert opened.status_code == 200 and "Công việc của Thanh tra Sở" in opened.text


def test_any_address_gets_the_same_answer_and_only_a_registered_one_a_mail(
    mailing_client, smtp_server
):
    page = mailing_client.get("/links/new").text
    known = ask(mailing_client, page, "qlkh@sokhcn.example.vn")
    unknown = ask(mailing_client, page, "ai.do@example.com")
    said = [htmllib.unescape(a.text).replace(address, "…") for a, address in (
        (known, "qlkh@sokhcn.example.vn"), (unknown, "ai.do@example.com"))]
    assert known.status_code == unknown.status_code == 200 and said[0] == said[1]
    assert [m["To"] for m in smtp_server.messages()] == ["qlkh@sokhcn.example.vn"]


def test_a_second_request_within_the_quarter_hour_sends_no_second_mail(
    mailing_client, smtp_server, clock
):
    page = mailing_client.get("/links/new").text
    ask(mailing_client, page, "giamdoc@sokhcn.example.vn")
    ask(mailing_client, page, "giamdoc@sokhcn.example.vn")
    [mail] = smtp_server.messages()
    assert "/board/" in mail.get_body(("plain",)).get_content()
    clock.now += timedelta(minutes=16)
    ask(mailing_client, page, "giamdoc@sokhcn.example.vn")
    assert len(smtp_server.messages()) == 2


def test_a_client_asking_too_often_is_told_to_wait(mailing_client, smtp_server):
    page = mailing_client.get("/links/new").text
    answers = [ask(mailing_client, page, f"nguoi{n}@example.com").status_code for n in range(6)]
    assert answers == [200] * 5 + [429]
    refused = ask(mailing_client, page, "tdc@sokhcn.example.vn")
    assert "Vui lòng thử lại sau 10 phút" in htmllib.unescape(refused.text)
    assert smtp_server.messages() == []


@pytest.mark.parametrize("form", ["", "forged", "bmV3LWxpbms.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"])
def test_a_request_without_the_pages_form_token_is_refused(mailing_client, smtp_server, form):
    answer = mailing_client.post("/links/new", data={"form": form, "email": "qlkh@sokhcn.example.vn"})
    assert answer.status_code == 403
    assert smtp_server.messages() == []


def test_a_forged_link_offers_the_same_help_and_a_wrong_address_is_named(mailing_client):
    page = mailing_client.get("/d/forged-token")
    assert page.status_code == 403 and "Nhận đường dẫn mới" in htmllib.unescape(page.text)
    answer = ask(mailing_client, page.text, "thanhtra at sokhcn")
    assert answer.status_code == 400
    assert "(đã nhập: thanhtra at sokhcn)" in htmllib.unescape(answer.text)


def test_the_help_reads_in_english_with_lang_en(mailing_client):
    page = htmllib.unescape(mailing_client.get("/links/new?lang=en").text)
    assert "Get a new link" in page and "For help, contact Văn phòng Sở" in page
