"""``make demo``: the whole path on the embedded defaults (SQLite under ``var/``, a local
mailbox, the web app on loopback):

1. a fresh database, the sample programme imported (and imported again: no change);
2. every department asked for its Quý III progress by e-mail, through the outbox and
   yagmail to the local mailbox, each mail carrying the department's signed link;
3. Thanh tra Sở follows the link in its mail and reports an item done (REST API);
4. what leadership sees: the item's history and the department's items.
"""

from __future__ import annotations

import email
import os
import shutil
import socket
import threading
import time
from email import policy
from pathlib import Path

from rich.rule import Rule

from services.runtime import Runtime
from workplan.cli.base import app, console

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bac-giang-khcn-2020-07-q3.md"


def run(*args: str) -> None:
    """One CLI command, shown as a user would type it."""
    console.print(Rule(f"[bold]$ workplan {' '.join(args)}", align="left"))
    try:
        app(list(args), standalone_mode=False)
    except SystemExit as exc:  # typer.Exit inside standalone_mode=False
        if exc.code:
            raise


def say(text: str) -> None:
    console.print(Rule(f"[bold cyan]{text}", align="left"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_web(port: int):  # type: ignore[no-untyped-def]
    """The web app on loopback, in a background thread."""
    import uvicorn

    from workplan.web.app import create_app
    from workplan.web.server import config

    server = uvicorn.Server(
        config(
            create_app(Runtime()),
            host="127.0.0.1",
            port=port,
            access_log=False,
            log_level="warning",
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    for _ in range(100):
        if server.started:
            return server
        time.sleep(0.05)
    raise RuntimeError("the web app did not start")


def link_in_mail(mail_dir: Path, address: str) -> str:
    """The department link in the mail that reached ``address``."""
    for path in sorted(mail_dir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == address:
            text = message.get_body(("plain",)).get_content()
            return next(word for word in text.split() if "/d/" in word)
    raise LookupError(address)


def report_done(link: str, item_text: str) -> int:
    """What a department's client does with its link: find the item, report it done."""
    import httpx

    base, token = link.split("/d/")
    auth = {"Authorization": f"Bearer {token}"}
    items = httpx.get(f"{base}/api/v1/items", params={"dept": "TTRA"}, headers=auth).json()
    item = next(i for i in items if i["text"] == item_text)
    assert httpx.get(link).status_code == 200  # the page the mail links to opens
    body = {
        "status": "done",
        "progress": 100,
        "version": item["version"],
        "note": "Đã ban hành kết luận thanh tra.",
    }
    response = httpx.post(f"{base}/api/v1/items/{item['id']}/status", json=body, headers=auth)
    response.raise_for_status()
    return item["id"]


def main() -> None:
    from notifications.mailbox import start_mailbox

    home = Path(os.environ.setdefault("WORKPLAN_HOME", "var"))
    for name in ("workplan.db", "workplan.db-wal", "workplan.db-shm"):
        (home / name).unlink(missing_ok=True)
    shutil.rmtree(home / "mail", ignore_errors=True)
    mailbox = start_mailbox(home / "mail", "127.0.0.1", 0)
    port = free_port()
    os.environ.update(
        WORKPLAN_SMTP_HOST="127.0.0.1",
        WORKPLAN_SMTP_PORT=str(mailbox.port),
        WORKPLAN_BASE_URL=f"http://127.0.0.1:{port}",
    )
    sample = os.path.relpath(SAMPLE)
    try:
        say("1. Nhập chương trình công tác")
        run("init")
        run("import", sample)
        run("import", sample)  # a second import changes nothing, and says so
        server = start_web(port)
        say(f"2. Đề nghị các đơn vị cập nhật tiến độ (hộp thư thử nghiệm: {home / 'mail'})")
        run("mail", "request", "--period", "2020-Q3")
        run("outbox")
        say("3. Thanh tra Sở mở đường dẫn trong thư và báo cáo hoàn thành")
        link = link_in_mail(home / "mail", "thanhtra@sokhcn.example.vn")
        item_id = report_done(link, "Triển khai các cuộc thanh tra theo kế hoạch được phê duyệt.")
        run("items", "--dept", "TTRA", "--period", "2020-Q3")
        say("4. Lãnh đạo Sở xem bảng theo dõi")
        run("history", str(item_id))
        run("link", "--leadership")
        run("periods")
        server.should_exit = True
    finally:
        mailbox.stop()


if __name__ == "__main__":
    main()
