"""At scale: the jobs deployed to a real ``prefect server start`` on loopback, a run
triggered as an administrator would, carried out by ``workplan worker``, its mail received
by a real SMTP server; and ``serve`` refusing to schedule what the deployments schedule."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime

import httpx
import pytest

from services.importing import import_programme

PYTHON = sys.executable


def environment(prefect_server: str, mail_settings, db_url: str) -> dict[str, str]:
    """What an administrator's service unit would set."""
    return os.environ | {
        "PREFECT_API_URL": prefect_server,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "WORKPLAN_HOME": str(mail_settings.home),
        "WORKPLAN_DATABASE_URL": db_url,
        "WORKPLAN_SECRET_KEY": str(mail_settings.secret_key),
        "WORKPLAN_SMTP_HOST": mail_settings.smtp_host,
        "WORKPLAN_SMTP_PORT": str(mail_settings.smtp_port),
        "WORKPLAN_LOCALE": "vi",
    }


def command(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    done = subprocess.run([PYTHON, "-m", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def deployments(prefect_server: str) -> list[dict]:
    found = httpx.post(f"{prefect_server}/deployments/filter", json={}, timeout=30).json()
    return [d for d in found if "workplan" in d["tags"]]


def test_deployed_jobs_keep_their_schedules_and_a_triggered_run_sends_its_mail(
    rt, prefect_server, mail_settings, db_url, sample_text, smtp_server
):
    import_programme(rt.at(datetime(2020, 7, 2, 9)), sample_text, source_name="sample.md")
    env = environment(prefect_server, mail_settings, db_url)

    command(env, "workplan", "deploy")
    deployed = command(env, "workplan", "deploy")  # again: updated, not doubled
    assert "Đã triển khai 5 tác vụ" in " ".join(deployed.stdout.split())
    found = {d["name"]: d for d in deployments(prefect_server)}
    assert sorted(found) == ["chase", "collect", "digest", "remind", "rollup"]
    [digest] = found["digest"]["schedules"]
    assert digest["schedule"]["cron"] == "0 8 * * mon"
    assert digest["schedule"]["timezone"] == "Asia/Ho_Chi_Minh"
    assert found["rollup"]["entrypoint"] == "workflows.rollup.rollup_flow"

    command(env, "prefect", "deployment", "run", "digest/digest",
            "--param", "as_of=2020-07-20T08:00")
    command(env, "workplan", "worker", "--run-once", timeout=300)

    [message] = smtp_server.messages()
    assert message["Subject"] == "Tổng hợp tiến độ tuần 30/2020 — Quý III/2020"
    assert message["X-Workplan-Key"] == "digest:2020w30"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the same on any database
def test_serve_refuses_to_schedule_what_the_deployments_schedule_and_says_so(
    rt, prefect_server, mail_settings, db_url, tmp_path
):
    env = environment(prefect_server, mail_settings, db_url)
    command(env, "workplan", "deploy")
    try:
        said = serve_until(env, tmp_path, "không lập lịch")
        assert "workplan deploy --remove" in said
    finally:
        removed = command(env, "workplan", "deploy", "--remove")
    assert "Đã gỡ 5 tác vụ" in " ".join(removed.stdout.split())
    assert deployments(prefect_server) == []
    assert "Đã lập lịch 5 tác vụ" in serve_until(env, tmp_path, "Lần chạy")


def serve_until(env: dict[str, str], folder, words: str, timeout: float = 120) -> str:
    """Start ``workplan serve``, wait until it prints ``words``, stop it with SIGTERM, and
    return what it printed; it must stop cleanly."""
    log = folder / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [PYTHON, "-m", "workplan", "serve", "--port", str(_free_port())], env=env,
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        started = time.monotonic()
        while words not in " ".join(log.read_text().split()):
            if process.poll() is not None or time.monotonic() - started > timeout:
                pytest.fail(f"serve did not say {words!r}:\n{log.read_text()}")
            time.sleep(0.2)
        time.sleep(1)  # let it reach the web server, so SIGTERM stops that too
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    said = " ".join(log.read_text().split())
    assert code == 0 and "Đã dừng “workplan serve”." in said, said
    return said


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
