"""The web face at its edges: item numbers out of range, NUL characters, long names,
malformed bodies and undeclared methods get a 4xx with a clear message, never a 500,
and change nothing (SQLite, and PostgreSQL whose 4-byte ids and text refuse both)."""

from __future__ import annotations

import html as htmllib

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from store.items import list_items
from store.models import StatusUpdate

TOO_BIG = [2**31, 2**63, 10**23]


def history_rows(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(StatusUpdate)).scalar_one())


def ttra_item(engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return next(i for i in list_items(s, period="2020-07", dept="TTRA") if i.lead == "TTRA")


@pytest.fixture
def page_form(client, token, form_of):  # type: ignore[no-untyped-def]
    def fields(item_id: int, **changes: str) -> dict[str, str]:
        page = client.get(f"/d/{token('TTRA')}").text
        return form_of(page, item_id) | {"note": "", "by": ""} | changes

    return fields


@pytest.mark.parametrize("number", TOO_BIG)
def test_an_item_number_out_of_range_is_not_found_on_every_route(
    client, token, seeded, page_form, number
):
    bearer = {"Authorization": f"Bearer {token('TTRA')}"}
    before = history_rows(seeded)
    for path in (f"/api/v1/items/{number}", f"/api/v1/items/{number}/history"):
        answer = client.get(path, headers=bearer)
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_request"
    change = {"status": "done", "progress": 100, "version": 1}
    answer = client.post(f"/api/v1/items/{number}/status", json=change, headers=bearer)
    assert answer.status_code == 422
    for path in (f"/board/{token()}/items/{number}", f"/d/{token('TTRA')}/items/{number}"):
        answer = client.get(path)
        assert answer.status_code == 404 and f"Không có công việc số {number}" in answer.text
    form = page_form(ttra_item(seeded).id, status="done")
    answer = client.post(f"/d/{token('TTRA')}/items/{number}", data=form)
    assert answer.status_code == 404
    assert history_rows(seeded) == before


def test_a_nul_character_in_a_note_or_name_is_refused_by_the_api(client, token, seeded):
    item = ttra_item(seeded)
    bearer = {"Authorization": f"Bearer {token('TTRA')}"}
    before = history_rows(seeded)
    for body in ({"note": "Đã họp\x00lần 1"}, {"by": "Nguyễn\x00Văn A"}):
        change = {"status": "in_progress", "progress": 10, "version": item.version} | body
        answer = client.post(f"/api/v1/items/{item.id}/status", json=change, headers=bearer)
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "invalid_request"
    assert history_rows(seeded) == before


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"note": "Đã họp\x00lần 1"}, "Ghi chú có ký tự không hợp lệ (mã NUL)"),
        ({"by": "Nguyễn\x00Văn A"}, "Tên người cập nhật có ký tự không hợp lệ (mã NUL)"),
        ({"by": "A" * 900_000}, "Tên người cập nhật dài quá 120 ký tự"),
    ],
)
def test_the_department_form_refuses_nul_characters_and_long_names(
    client, token, seeded, page_form, changes, words
):
    item = ttra_item(seeded)
    before = history_rows(seeded)
    form = page_form(item.id, status="in_progress", progress="10", **changes)
    answer = client.post(f"/d/{token('TTRA')}/items/{item.id}", data=form)
    assert answer.status_code == 400
    assert words in htmllib.unescape(answer.text)
    assert history_rows(seeded) == before
    assert ttra_item(seeded) == item


def test_a_body_that_is_not_json_gets_the_documented_refusal(client, token, seeded):
    item = ttra_item(seeded)
    headers = {"Authorization": f"Bearer {token()}", "Content-Type": "application/json"}
    for body in (b"{", b"\xff\xfe{}", b"[]", b'{"version": "x"}'):
        answer = client.post(f"/api/v1/items/{item.id}/status", content=body, headers=headers)
        assert answer.status_code in (400, 422), (body, answer.text)
        assert set(answer.json()) >= {"detail", "code"}
        assert "Traceback" not in answer.text


def test_an_undeclared_method_gets_405_with_allow(client, token):
    answer = client.request("TRACE", "/api/v1/items", headers={"Authorization": f"Bearer {token()}"})
    assert answer.status_code == 405 and answer.headers["allow"] == "GET"


def test_the_schema_says_which_filters_are_accepted(client):
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/v1/items"]["get"]["parameters"]}
    assert "TTRA" in params["dept"]["anyOf"][0]["enum"]
    assert params["status"]["anyOf"][0]["enum"] == [
        "not_started", "in_progress", "done", "blocked", "cancelled"
    ]
    assert "pattern" in params["period"]["anyOf"][0]
    status = spec["paths"]["/api/v1/items/{item_id}/status"]["post"]
    shape = status["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
    assert shape.endswith("/InvalidOut") and "400" in status["responses"]
    item_id = status["parameters"][0]["schema"]
    assert (item_id["minimum"], item_id["maximum"]) == (1, 2**31 - 1)
