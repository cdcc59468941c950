"""Exposures kept shut: API answers are never cached, the API docs page loads pinned
files with integrity hashes under a strict policy, tokens never reach a log line, and
the files workplan writes (database, secret, mail) are readable by their owner only."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan.cli import app
from workplan.web.server import RedactTokens, redact


def test_api_answers_and_the_schema_are_never_cached(client, token):
    bearer = {"Authorization": f"Bearer {token('TTRA')}"}
    for path in ("/api/v1/items", "/api/v1/departments", "/api/v1/items/999999", "/openapi.json"):
        assert client.get(path, headers=bearer).headers["cache-control"] == "no-store", path
    assert client.get("/api/v1/items").headers["cache-control"] == "no-store"  # 401 too


def test_the_api_docs_load_pinned_files_with_integrity_hashes_under_a_strict_policy(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self' https://cdn.jsdelivr.net" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        tag = next(line for line in page.text.splitlines() if name in line)
        assert "swagger-ui-dist@5.17.14/" in tag and 'integrity="sha384-' in tag
        assert 'crossorigin="anonymous"' in tag
    assert "<script>" not in page.text  # no inline script
    assert client.get("/static/api-docs.js").status_code == 200


@pytest.mark.parametrize(
    "line",
    [
        '"GET /d/{t}/items/3?lang=en HTTP/1.1" 200',
        '"GET /board/{t} HTTP/1.1" 200',
        '"GET /api/v1/items?token={t}&lang=vi HTTP/1.1" 401',
        '"GET /d/x?period=2020-Q3&token={t} HTTP/1.1" 403',
        "Authorization: Bearer {t}",
    ],
)
def test_a_token_never_reaches_a_log_line(token, line):
    link = token("TTRA")
    assert link not in redact(line.format(t=link))
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, "%s", (line.format(t=link),), None)
    RedactTokens().filter(record)
    assert link not in record.getMessage()


def test_files_under_the_workplan_home_are_readable_by_their_owner_only(tmp_path: Path):
    home = tmp_path / "var"
    env = {"WORKPLAN_HOME": str(home), "WORKPLAN_LOCALE": "vi"}
    runner = CliRunner()
    assert runner.invoke(app, ["init"], env=env).exit_code == 0
    assert runner.invoke(app, ["mail", "preview", "digest"], env=env).exit_code == 0
    written = [home, *home.rglob("*")]
    assert {p.name for p in written} >= {"workplan.db", "secret.key", "digest.vi.html"}
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_the_signing_secret_appears_in_no_page_answer_or_mail(client, token, settings, org):
    from notifications.previews import sample_context
    from notifications.render import render

    secret = settings.secret()
    answers = [
        client.get(f"/d/{token('TTRA')}").text,
        client.get(f"/board/{token()}").text,
        client.get("/d/forged-token").text,
        client.get("/api/v1/items", headers={"Authorization": f"Bearer {token()}"}).text,
        client.get("/openapi.json").text,
    ]
    for kind in ("status-request", "digest"):
        mail = render(kind, "vi", sample_context(kind, org=org, base_url="http://wp.test"))
        answers += [mail.html, mail.text, mail.subject]
    assert all(secret not in answer for answer in answers)
