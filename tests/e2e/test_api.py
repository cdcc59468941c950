"""The REST API under /api/v1: Bearer link tokens, JSON, optimistic versions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlmodel import Session

from services.shapes import item_json
from store.items import get_item, list_items


class SignedLastMonth(TimestampSigner):
    def get_timestamp(self) -> int:
        return int((datetime.now(UTC) - timedelta(days=31)).timestamp())


def bearer(link: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {link}"}


def led_by(engine, dept: str, period: str = "2020-07"):
    with Session(engine) as s:
        return next(i for i in list_items(s, period=period, dept=dept) if i.lead == dept)


@pytest.fixture
def api(client, token):
    """GET or POST as a department (``as_="TTRA"``) or leadership (``as_=None``)."""

    def call(method: str, path: str, as_: str | None = "TTRA", **kwargs):
        headers = bearer(token(as_)) | kwargs.pop("headers", {})
        return client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    return call


def test_openapi_describes_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/items", "/api/v1/items/{item_id}", "/api/v1/items/{item_id}/history",
            "/api/v1/items/{item_id}/status", "/api/v1/departments", "/api/v1/periods"} <= set(spec["paths"])
    assert {"StatusIn", "ItemOut", "HistoryOut", "PeriodOut"} <= set(spec["components"]["schemas"])
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert not any(p.startswith(("/d/", "/board/")) for p in spec["paths"])


def test_items_are_filtered_by_period_department_and_status(api, seeded, runtime):
    everything = api("GET", "/items").json()
    july = api("GET", "/items", params={"period": "tháng 7/2020"}).json()
    assert len(everything) > len(july) > 0 and {i["period"] for i in july} == {"2020-07"}
    assert api("GET", "/items", params={"period": "2020-07"}).json() == july
    qlkh = api("GET", "/items", params={"dept": "qlkh"}).json()
    assert qlkh and all(i["lead"] == "QLKH" or "QLKH" in i["support"] for i in qlkh)
    assert api("GET", "/items", params={"status": "done"}).json() == []
    with Session(seeded) as s:
        first = get_item(s, everything[0]["id"])
    assert everything[0] == item_json(first, runtime.clock)


@pytest.mark.parametrize(
    ("params", "words"),
    [({"period": "hôm qua"}, "Không nhận ra kỳ"), ({"dept": "XYZ"}, "Không có phòng, đơn vị"),
     ({"status": "xong xuôi"}, "không hợp lệ")],
)
def test_bad_filters_are_refused_with_a_message(api, params, words):
    answer = api("GET", "/items", params=params)
    assert answer.status_code == 422 and words in answer.json()["detail"]


def test_item_and_its_history(api, seeded):
    item = led_by(seeded, "TTRA")
    assert api("GET", f"/items/{item.id}").json()["text"] == item.text
    entries = api("GET", f"/items/{item.id}/history").json()
    assert [(e["channel"], e["new_status"]) for e in entries] == [("import", "not_started")]
    missing = api("GET", "/items/99999")
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_item"


def test_department_updates_its_item_through_the_api(api, seeded):
    item = led_by(seeded, "TTRA")
    body = {"status": "in_progress", "progress": 60, "note": "Đang làm", "version": item.version}
    answer = api("POST", f"/items/{item.id}/status", json=body)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["progress"], answer.json()["version"]) == (60, item.version + 1)
    last = api("GET", f"/items/{item.id}/history").json()[-1]
    assert (last["channel"], last["by"], last["note"]) == ("api", "TTRA", "Đang làm")


def test_stale_version_gets_409_with_the_current_item(api, seeded):
    item = led_by(seeded, "TTRA")
    first = {"status": "in_progress", "progress": 10, "version": item.version}
    assert api("POST", f"/items/{item.id}/status", json=first).status_code == 200
    second = api("POST", f"/items/{item.id}/status", json=first | {"progress": 20})
    assert second.status_code == 409
    data = second.json()
    assert data["code"] == "stale_version" and "người khác" in data["detail"]
    assert (data["item"]["progress"], data["item"]["version"]) == (10, item.version + 1)


def test_department_may_not_change_items_it_does_not_work_on(api, seeded):
    other = led_by(seeded, "QLKH")
    answer = api("POST", f"/items/{other.id}/status", json={"status": "done", "version": 1})
    assert answer.status_code == 403 and answer.json()["code"] == "not_your_item"
    with Session(seeded) as s:
        assert get_item(s, other.id).version == 1


def test_leadership_may_change_any_item(api, seeded):
    item = led_by(seeded, "QLKH")
    body = {"status": "blocked", "version": 1, "by": "Giám đốc Sở"}
    assert api("POST", f"/items/{item.id}/status", as_=None, json=body).status_code == 200
    assert api("GET", f"/items/{item.id}/history", as_=None).json()[-1]["by"] == "Giám đốc Sở"


@pytest.mark.parametrize(
    ("body", "code"),
    [({"status": "in_progress", "progress": 150, "version": 1}, "invalid_request"),
     ({"status": "done"}, "invalid_request"),
     ({"status": "done", "progress": 50, "version": 1}, "done_needs_full_progress"),
     ({"status": "sắp xong", "version": 1}, "unknown_status")],
)
def test_invalid_changes_get_422_and_change_nothing(api, seeded, body, code):
    item = led_by(seeded, "TTRA")
    answer = api("POST", f"/items/{item.id}/status", json=body)
    assert answer.status_code == 422 and answer.json()["code"] == code
    with Session(seeded) as s:
        assert get_item(s, item.id) == item


def test_errors_follow_the_request_locale(api, seeded):
    item = led_by(seeded, "TTRA")
    body = {"status": "done", "progress": 50, "version": 1}
    english = api("POST", f"/items/{item.id}/status", json=body, headers={"Accept-Language": "en-GB"})
    assert english.json()["detail"].startswith("A done item has progress 100")
    assert api("POST", f"/items/{item.id}/status?lang=en", json=body).json()["detail"].startswith("A done")
    assert "tiến độ phải là 100" in api("POST", f"/items/{item.id}/status", json=body).json()["detail"]


def test_departments_and_periods(api):
    codes = [d["code"] for d in api("GET", "/departments").json()]
    assert {"VP", "TTRA", "QLKH"} <= set(codes)
    periods = api("GET", "/periods").json()
    assert [p["key"] for p in periods][:2] == ["2020-07", "2020-Q3"]
    assert periods[1]["name"] == "Quý III/2020"
    assert api("GET", "/periods?lang=en").json()[1]["name"] == "Q3 2020"


def test_missing_forged_and_expired_tokens_are_refused(client, token, settings, clock):
    missing = client.get("/api/v1/items")
    assert missing.status_code == 401 and "Authorization: Bearer" in missing.json()["detail"]
    forged = client.get("/api/v1/items", headers=bearer(token("TTRA")[:-3] + "abc"))
    assert forged.status_code == 403 and forged.json()["code"] == "bad_link"
    # a genuine 30-day link, signed with the real secret 31 days ago
    expired = URLSafeTimedSerializer(
        settings.secret(), salt="workplan.link.v1", signer=SignedLastMonth
    ).dumps({"s": "TTRA", "d": 30})
    clock.now = datetime.now(UTC)
    answer = client.get("/api/v1/items", headers=bearer(expired) | {"Accept-Language": "en"})
    assert answer.status_code == 403
    assert answer.json() == {"detail": "This link has expired. Ask the agency office for a new one.",
                             "code": "expired_link"}


def test_the_cli_and_the_api_give_an_item_and_its_history_the_same_shape(
    api, seeded, settings, db_url
):
    import json

    from typer.testing import CliRunner

    from workplan.cli import app as cli_app

    item = led_by(seeded, "TTRA")
    env = {"WORKPLAN_HOME": str(settings.home), "WORKPLAN_DATABASE_URL": db_url}
    listed = CliRunner().invoke(cli_app, ["items", "--period", "2020-07", "--json"], env=env)
    from_cli = next(i for i in json.loads(listed.stdout) if i["id"] == item.id)
    assert from_cli == api("GET", f"/items/{item.id}").json()
    shown = CliRunner().invoke(cli_app, ["history", str(item.id), "--json"], env=env)
    assert json.loads(shown.stdout) == api("GET", f"/items/{item.id}/history").json()
    assert from_cli["updated_at"].endswith("+07:00")
