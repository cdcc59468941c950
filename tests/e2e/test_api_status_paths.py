"""A status update in the usual shape skips FastAPI's generic parameter resolution; any
other shape takes it. Both must answer alike: same codes, same bodies, same headers."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session
from starlette.requests import Request

from store.items import get_item, list_items
from workplan.web.api import _usual

USUAL = "application/json"
GENERIC = "application/json; charset=utf-8"  # valid JSON too, read the generic way
VARYING = {"content-length", "date"}


def led_by(engine, dept: str):
    with Session(engine) as s:
        return next(i for i in list_items(s, period="2020-07", dept=dept) if i.lead == dept)


@pytest.fixture
def post(client, token):
    def call(item_id: int, body: object, content_type: str, as_: str | None = "TTRA",
             auth: bool = True):  # fmt: skip
        headers = {"Content-Type": content_type}
        if auth:
            headers["Authorization"] = f"Bearer {token(as_)}"
        data = body if isinstance(body, str) else json.dumps(body)
        return client.post(f"/api/v1/items/{item_id}/status", content=data, headers=headers)

    return call


def same(usual, generic) -> None:
    assert usual.status_code == generic.status_code, (usual.text, generic.text)
    assert usual.json() == generic.json()
    headers = {k: v for k, v in usual.headers.items() if k not in VARYING}
    assert headers == {k: v for k, v in generic.headers.items() if k not in VARYING}


@pytest.mark.parametrize(
    ("body", "as_", "auth", "status"),
    [({"status": "done", "progress": 50, "version": 1}, "TTRA", True, 422),
     ({"status": "in_progress", "progress": 150, "version": 1}, "TTRA", True, 422),
     ({"status": "sắp xong", "version": 1}, "TTRA", True, 422),
     ({"status": "done"}, "TTRA", True, 422),
     ({"status": "done", "version": 9}, "TTRA", True, 409),
     ({"status": "done", "progress": 100, "version": 1}, "QLKH", True, 403),
     ({"status": "done", "progress": 100, "version": 1}, "TTRA", False, 401),
     ({"status": "done", "version": "một"}, "TTRA", False, 401),  # the token is checked first
     ('{"status": "done", "version": 1', "TTRA", True, 422),
     ([1, 2], "TTRA", True, 422)],
)
def test_a_refusal_is_the_same_whichever_way_the_request_is_read(
    post, seeded, body, as_, auth, status
):
    item = led_by(seeded, "TTRA")
    usual = post(item.id, body, USUAL, as_=as_, auth=auth)
    assert usual.status_code == status, usual.text
    same(usual, post(item.id, body, GENERIC, as_=as_, auth=auth))
    with Session(seeded) as s:
        assert get_item(s, item.id) == item


def test_a_change_is_answered_the_same_whichever_way_the_request_is_read(post, seeded):
    item = led_by(seeded, "TTRA")
    first = post(item.id, {"status": "in_progress", "progress": 40, "version": 1}, USUAL)
    second = post(item.id, {"status": "in_progress", "progress": 40, "version": 2}, GENERIC)
    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
    assert first.json() | {"version": 3} == second.json()
    assert first.headers.keys() == second.headers.keys()
    with Session(seeded) as s:
        assert get_item(s, item.id).version == 3


def request(item_id: object, body: bytes, content_type: str = USUAL) -> tuple[Request, bytes]:
    scope = {"type": "http", "method": "POST", "path_params": {"item_id": item_id},
             "headers": [(b"content-type", content_type.encode())]}  # fmt: skip
    return Request(scope), body


@pytest.mark.parametrize(
    ("item_id", "body", "content_type"),
    [("0", b'{"version": 1}', USUAL), ("007", b'{"version": 1}', USUAL),
     ("2147483648", b'{"version": 1}', USUAL), ("-3", b'{"version": 1}', USUAL),
     ("٣", b'{"version": 1}', USUAL), ("3", b'{"version": 1}', GENERIC),
     ("3", b'{"version": 1}', "text/plain"), ("3", b"[1]", USUAL), ("3", b"", USUAL),
     ("3", b'{"version": 0}', USUAL), ("3", b'{"progress": 10}', USUAL),
     ("3", b"\xff", USUAL)],
)
def test_only_the_usual_shape_skips_the_generic_path(item_id, body, content_type):
    assert _usual(*request(item_id, body, content_type)) is None


def test_the_usual_shape_reads_the_number_and_the_change():
    found = _usual(*request("2147483647", b'{"status": "done", "progress": 100, "version": 4}'))
    assert found is not None
    number, change = found
    assert (number, change.status, change.progress, change.version) == (2**31 - 1, "done", 100, 4)
