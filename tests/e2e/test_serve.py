"""``workplan serve`` as an administrator runs it: a real process in a fresh home, the
scheduler firing a job of ``config/schedule.toml`` at its minute of the wall clock (while the
job works on the organisation's day, here fixed with ``WORKPLAN_NOW``), its mail received
once by a real SMTP server, the web pages served meanwhile, and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from config.schedule import DEFAULT_SCHEDULE
from services.importing import import_programme
from store.models import JobRun

LEAD_TIME = timedelta(seconds=25)  # what serve may take to start on a busy machine
PROMPT = timedelta(seconds=15)  # the job's mail has all arrived this long after its minute
NEVER = "0 3 29 2 *"  # 03:00 on 29 February: not during the test


def schedule_firing_remind_at(moment: datetime, folder: Path) -> Path:
    """The shipped schedule with the reminders due at ``moment`` (local, to the minute)
    and the other jobs out of the way."""
    shipped = tomllib.loads(DEFAULT_SCHEDULE.read_text(encoding="utf-8"))
    lines = []
    for job, table in shipped["jobs"].items():
        cron = (f"{moment.minute} {moment.hour} {moment.day} {moment.month} *"
                if job == "remind" else NEVER)  # fmt: skip
        lines += [f"[jobs.{job}]", f'cron = "{cron}"', f"misfire_grace = {table['misfire_grace']}"]
    for name in ("reminders", "collect"):
        lines.append(f"[{name}]")
        lines += [f"{key} = {value}" for key, value in shipped[name].items()]
    path = folder / "schedule.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def next_minute(zone: ZoneInfo) -> datetime:
    """The first whole minute at least :data:`LEAD_TIME` from now, in ``zone``."""
    soon = datetime.now(zone) + LEAD_TIME
    return soon.replace(second=0, microsecond=0) + timedelta(minutes=1)


def arrival(path: Path) -> datetime:
    """When the mailbox received a message: its file name starts with the UTC time."""
    return datetime.strptime(path.name[:22], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_serve_fires_the_next_job_at_its_minute_sends_its_mail_once_and_stops_on_sigterm(
    rt, prefect_server, mail_settings, sample_text, smtp_server, tmp_path
):
    import_programme(rt.at(datetime(2020, 7, 2, 9)), sample_text, source_name="sample.md")
    zone = ZoneInfo(rt.settings.timezone)
    fire_at = next_minute(zone)
    port = free_port()
    # What an administrator's service unit would set: nothing of this test process's
    # Prefect or workplan settings (another test may have left PREFECT_HOME in it).
    inherited = {k: v for k, v in os.environ.items()
                 if not k.startswith(("PREFECT_", "WORKPLAN_"))}  # fmt: skip
    env = inherited | {
        "PREFECT_API_URL": prefect_server,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "WORKPLAN_HOME": str(mail_settings.home),
        "WORKPLAN_DATABASE_URL": mail_settings.db_url,
        "WORKPLAN_SECRET_KEY": str(mail_settings.secret_key),
        "WORKPLAN_SMTP_HOST": mail_settings.smtp_host,
        "WORKPLAN_SMTP_PORT": str(mail_settings.smtp_port),
        "WORKPLAN_SCHEDULE": str(schedule_firing_remind_at(fire_at, tmp_path)),
        # The jobs' day: Friday 31 July 2020, when July's items are due (7 reminders).
        "WORKPLAN_NOW": "2020-07-31T08:00",
        "WORKPLAN_LOCALE": "vi",
        "COLUMNS": "200",
    }
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "workplan", "serve", "--port", str(port)], env=env,
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        said = wait_for(log, process, "Trang web đang chạy", until=fire_at)
        planned = f"nhắc hạn: {fire_at:%H:%M %d/%m/%Y}"
        assert planned in said, said  # the next run is the wall clock's minute, not 2020's
        assert "Warning" not in said, said
        assert page_status(port, until=fire_at) < 500  # the pages are served meanwhile

        deadline = fire_at + PROMPT + timedelta(seconds=30)
        while len(smtp_server.files()) < 7 and datetime.now(zone) < deadline:
            if process.poll() is not None:
                pytest.fail(f"serve stopped:\n{log.read_text()}")
            time.sleep(0.2)
        time.sleep(3)  # anything sent twice would arrive meanwhile
        files = smtp_server.files()
        keys = [m["X-Workplan-Key"] for m in smtp_server.messages()]
        assert len(files) == 7, log.read_text()
        assert len(set(keys)) == 7 and all(k.startswith("remind:") for k in keys), keys
        times = sorted(arrival(f) for f in files)
        assert fire_at <= times[0] and times[-1] - fire_at <= PROMPT, (fire_at, times)
        assert f"{fire_at:%H:%M %d/%m/%Y} — tác vụ nhắc hạn: outcome=done" in wait_for(
            log, process, "tác vụ nhắc hạn", until=fire_at + PROMPT)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    said = " ".join(log.read_text().split())
    assert code == 0 and "Đã dừng “workplan serve”." in said, said
    assert "Traceback" not in said, said
    with rt.engine.connect() as conn:
        runs = conn.execute(select(JobRun.key).where(JobRun.job == "remind")).scalars().all()
    assert runs == ["2020-07-31"]


def wait_for(log: Path, process: subprocess.Popen, words: str, *, until: datetime) -> str:
    """What serve printed, once it has printed ``words`` (it fails the test if serve stops
    or has not said them by ``until``)."""
    while True:
        said = " ".join(log.read_text().split())
        if words in said:
            return said
        if process.poll() is not None or datetime.now(UTC) > until:
            pytest.fail(f"serve did not say {words!r} in time:\n{log.read_text()}")
        time.sleep(0.2)


def page_status(port: int, *, until: datetime) -> int:
    """The status of the home page once the web server listens (printed just before)."""
    while True:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code
        except httpx.ConnectError:
            if datetime.now(UTC) > until:
                raise
            time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
