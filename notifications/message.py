"""The MIME message of an outbox row, built with yagmail's ``prepare_message``.

yagmail 0.15 builds ``multipart/mixed`` [``multipart/alternative`` [text, ``related``
[html]], attachments...] with the headers, the encoded subject and base64 attachment
parts. What is wrong in it for us is fixed on the built message:

- its text part is the HTML source itself and nothing in its public API takes a
  separate one: the ``alternative`` part is replaced by our own ``text/plain`` (from the
  text template) and ``text/html`` (the one-line HTML, sent as is: yagmail would also
  wrap it in ``<div>`` and turn every newline into ``<br>``);
- attachments whose type is not ``application/*`` (a ``.txt``, an image) get no
  ``Content-Disposition``, and a name without a known extension gets no type: every
  attachment part gets ``attachment; filename=...`` and the type stored with it;
- its ``Message-ID`` hashes sender, recipients and subject: it is derived from the
  outbox key instead, so a receiver can tell a duplicate, and ``X-Workplan-Key`` carries
  the key itself;
- its ``Date`` is the machine's time in UTC: it is the moment of sending in the
  organisation's zone (``+0700``), and ``Reply-To`` names the office, so an answer reaches
  people while the sender stays the organisation's sending address;
- ``as_string()`` folds no header, so long headers are folded here.
"""

from __future__ import annotations

import base64
import hashlib
import io
from datetime import datetime
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from store.outbox import Claimed, base_key

KEY_HEADER = "X-Workplan-Key"


def message_id(key: str, sender: str) -> str:
    """A Message-ID that is the same every time the same message is sent."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "workplan.invalid"
    digest = hashlib.sha256(base_key(key).encode()).hexdigest()[:32]
    return f"<{digest}.workplan@{domain}>"


def build_message(
    row: Claimed, *, sender: str, reply_to: str | None = None, zone: str | None = None
) -> tuple[list[str], str]:
    """The envelope recipients and the message text of ``row``, from ``sender`` (a display
    name may come with it: ``Sở KH&CN <workplan@…>``), dated now in the time ``zone``."""
    from yagmail.headers import resolve_addresses
    from yagmail.message import prepare_message

    name, address = parseaddr(sender)
    addresses = resolve_addresses(
        address, name or address, list(row.to), list(row.cc) or None, None
    )
    headers = {KEY_HEADER: row.key, "Auto-Submitted": "auto-generated"}
    if reply_to:
        headers["Reply-To"] = reply_to
    if zone is not None:
        headers["Date"] = format_datetime(datetime.now(ZoneInfo(zone)))
    msg = prepare_message(
        address,
        name or address,
        addresses,
        row.subject,
        [row.html],
        [_file(a) for a in row.attachments] or None,
        headers,
        "utf-8",
        prettify_html=False,
        message_id=message_id(row.key, sender),
    )
    msg.replace_header("From", formataddr((name, address)) if name else address)
    parts = msg.get_payload()
    parts[0].set_payload([_text(row.text, "plain"), _text(row.html, "html")])
    if len(parts) - 1 != len(row.attachments):
        raise ValueError("yagmail did not attach every file")
    for part, stored in zip(parts[1:], row.attachments, strict=True):
        _fix_attachment(part, stored)
    # yagmail flattens with ``as_string()``, which folds no header: a Vietnamese subject
    # becomes one encoded word of 150+ characters. Fold at 78 as RFC 5322 asks.
    return list(addresses["recipients"]), msg.as_string(maxheaderlen=78)


def _text(body: str, subtype: str) -> MIMEText:
    return MIMEText(body, subtype, "utf-8")


def _file(stored: dict[str, str]) -> Any:
    """What yagmail attaches: a path, or a named in-memory file for stored content."""
    if "path" in stored:
        return stored["path"]
    data = io.BytesIO(base64.b64decode(stored["content"], validate=True))
    data.name = stored["filename"]  # yagmail names the part after ``.name``
    return data


def _fix_attachment(part: Any, stored: dict[str, str]) -> None:
    filename = stored["filename"]
    if stored.get("mime"):  # the type given when queued, not yagmail's guess
        del part["Content-Type"]
        part["Content-Type"] = stored["mime"]
        part.set_param("name", filename)
    del part["Content-Disposition"]
    part.add_header("Content-Disposition", "attachment", filename=filename)
