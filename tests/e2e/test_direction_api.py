"""The REST operations of leadership's direction: the same rules as the pages, a refusal
403 with its reason, bad input 400, a conflict 409, an unknown item or request 404,
nothing changed then; and the OpenAPI schema documents each answer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

MONDAY = datetime(2020, 9, 7, 3, 0, tzinfo=UTC)  # 10:00 in Việt Nam


@pytest.fixture
def api(client, token, clock):  # type: ignore[no-untyped-def]
    """``api(dept)("post", path, json)``: a call with that unit's token (None: leadership)."""
    clock.now = MONDAY

    def caller(dept: str | None = None):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {token(dept)}"}
        return lambda method, path, **kw: client.request(method, f"/api/v1{path}",
                                                         headers=headers, **kw)  # fmt: skip

    return caller


@pytest.fixture
def shared(api) -> dict:  # type: ignore[no-untyped-def]
    """An item of Quý III/2020 with a supporting unit."""
    items = api()("get", "/items", params={"period": "2020-Q3"}).json()
    return next(i for i in items if i["support"])


def ask(api, item: dict, due: str = "2020-10-15", dept: str | None = None):  # type: ignore[no-untyped-def]
    return api(dept or item["lead"])("post", f"/items/{item['id']}/extension",
                                     json={"due": due, "reason": "Chờ số liệu"})  # fmt: skip


def history(api, item: dict) -> list:  # type: ignore[no-untyped-def]
    return api()("get", f"/items/{item['id']}/history").json()


def test_a_supporting_unit_cannot_change_the_status_and_is_told_why(api, shared):
    helper = shared["support"][0]
    answer = api(helper)("post", f"/items/{shared['id']}/status",
                         json={"status": "done", "version": shared["version"]})  # fmt: skip
    assert answer.status_code == 403
    assert answer.json()["code"] == "support_cannot_update"
    assert "đơn vị phối hợp" in answer.json()["detail"] and "Vui lòng gửi ý kiến phối hợp" in answer.json()["detail"]
    made = api(helper)("post", f"/items/{shared['id']}/contribution",
                       json={"text": "Đã gửi số liệu.", "by": "Lê Hoa"})  # fmt: skip
    assert made.status_code == 201
    assert (made.json()["dept"], made.json()["by"], made.json()["text"]) == (helper, "Lê Hoa", "Đã gửi số liệu.")
    assert history(api, shared)[-1]["action"] == "contribution"


def test_the_lead_unit_asks_and_leadership_decides_once(api, shared):
    asked = ask(api, shared)
    assert asked.status_code == 201 and asked.json()["state"] == "pending"
    number = asked.json()["id"]
    path = f"/items/{shared['id']}/extension/{number}/decision"
    assert api(shared["lead"])("post", path, json={"decision": "approve"}).status_code == 403
    decided = api()("post", path, json={"decision": "approve", "note": "Đồng ý"})
    assert decided.status_code == 200 and decided.json()["state"] == "approved"
    item = api()("get", f"/items/{shared['id']}").json()
    assert (item["due"], item["original_due"]) == ("2020-10-15", "2020-09-30")
    again = api()("post", path, json={"decision": "refuse", "note": "Không"})
    assert again.status_code == 409 and again.json()["code"] == "extension_already_approved"
    entry = history(api, shared)[-1]
    assert (entry["action"], entry["role"], entry["channel"]) == ("extension_approved", "leadership", "api")
    assert (entry["old_value"], entry["new_value"]) == ("30/09/2020", "15/10/2020")


@pytest.mark.parametrize(
    ("due", "code"), [("2020-09-01", "extension_before_today"), ("2020-09-30", "extension_not_later")]
)
def test_a_bad_extension_is_400_and_changes_nothing(api, shared, due, code):
    before = history(api, shared)
    answer = ask(api, shared, due)
    assert (answer.status_code, answer.json()["code"]) == (400, code)
    assert history(api, shared) == before


def test_one_request_waits_at_a_time_and_a_supporter_cannot_ask(api, shared):
    assert ask(api, shared).status_code == 201
    assert ask(api, shared, "2020-10-20").status_code == 409
    refused = ask(api, shared, dept=shared["support"][0])
    assert (refused.status_code, refused.json()["code"]) == (403, "support_cannot_extend")


def test_an_unknown_request_or_one_of_another_item_is_404(api, shared):
    number = ask(api, shared).json()["id"]
    other = shared["id"] + 1
    for path in (f"/items/{shared['id']}/extension/{number + 50}/decision",
                 f"/items/{other}/extension/{number}/decision"):  # fmt: skip
        answer = api()("post", path, json={"decision": "approve"})
        assert (answer.status_code, answer.json()["code"]) == (404, "unknown_extension")
    assert api()("post", "/items/99999/directive", json={"text": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("body", "code"),
    [({"lead": "XYZ", "reason": "x"}, "unknown_department"),
     ({"lead": "{lead}", "reason": "x"}, "reassign_same"),
     ({"lead": "VP", "reason": " "}, "reason_empty")],
)
def test_a_bad_reassignment_is_400(api, shared, body, code):
    body = {k: v.format(lead=shared["lead"]) for k, v in body.items()}
    answer = api()("post", f"/items/{shared['id']}/reassign", json=body)
    assert (answer.status_code, answer.json()["code"]) == (400, code)


def test_leadership_reassigns_directs_and_cancels_and_a_unit_may_not(api, shared):
    lead = shared["lead"]
    for path, body in (("/reassign", {"lead": "VP", "reason": "x"}), ("/directive", {"text": "x"}),
                       ("/cancel", {"reason": "x"})):  # fmt: skip
        answer = api(lead)("post", f"/items/{shared['id']}{path}", json=body)
        assert answer.status_code == 403 and answer.json()["code"].startswith("leadership_only_")
    moved = api()("post", f"/items/{shared['id']}/reassign", json={"lead": "VP", "reason": "Tổng hợp"})
    assert moved.status_code == 200 and moved.json()["lead"] == "VP"
    too_long = api()("post", f"/items/{shared['id']}/directive", json={"text": "x" * 5001})
    assert (too_long.status_code, too_long.json()["code"]) == (400, "directive_too_long")
    written = api()("post", f"/items/{shared['id']}/directive", json={"text": "Khẩn trương."})
    assert written.status_code == 201 and written.json()["text"] == "Khẩn trương."
    cancelled = api()("post", f"/items/{shared['id']}/cancel", json={"reason": "Dừng"})
    assert cancelled.status_code == 200 and (cancelled.json()["status"], cancelled.json()["note"]) == ("cancelled", "Dừng")
    again = api()("post", f"/items/{shared['id']}/cancel", json={"reason": "Dừng"})
    assert (again.status_code, again.json()["code"]) == (409, "cancel_cancelled")


def test_the_schema_documents_each_operation_and_its_refusals(client):
    paths = client.get("/openapi.json").json()["paths"]
    operations = {
        "/api/v1/items/{item_id}/extension": "201",
        "/api/v1/items/{item_id}/extension/{request_id}/decision": "200",
        "/api/v1/items/{item_id}/reassign": "200",
        "/api/v1/items/{item_id}/directive": "201",
        "/api/v1/items/{item_id}/cancel": "200",
        "/api/v1/items/{item_id}/contribution": "201",
    }
    for path, ok in operations.items():
        answers = paths[path]["post"]["responses"]
        assert {ok, "400", "401", "403", "404", "409", "422"} <= set(answers), path
