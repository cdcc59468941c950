"""Outgoing mail: a validated message with its unique key, ready for the outbox.

Use cases call :func:`enqueue` inside the transaction that writes the state the mail
reports, so the mail exists exactly when that state does; :mod:`store.outbox` keeps the
rows and :mod:`notifications.mailer` delivers them.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection
from sqlmodel import Session

from domain.text import fold
from store import outbox

KEY_LIMIT = 255


@dataclass(frozen=True)
class OutgoingMail:
    """A validated e-mail, ready to become an outbox row.

    ``attachments`` are dicts ``{"filename", "content" (base64), "mime"}`` (see
    :func:`attachment`) or ``{"filename", "path", "mime"}`` for a file read at delivery
    time (:func:`attachment_file`).
    """

    key: str
    kind: str
    to: tuple[str, ...]
    subject: str
    html: str
    text: str
    cc: tuple[str, ...] = ()
    attachments: tuple[dict[str, str], ...] = ()

    def __post_init__(self) -> None:
        if (
            not self.key
            or len(self.key) > KEY_LIMIT
            or not self.key.isascii()
            or any(c.isspace() for c in self.key)
        ):
            raise ValueError(f"an outbox key is 1-{KEY_LIMIT} ASCII characters without spaces")
        if not self.to:
            raise ValueError("an e-mail needs at least one recipient")
        for address in (*self.to, *self.cc):
            if not _looks_like_address(address):
                raise ValueError(f"not an e-mail address: {address!r}")
        if not self.subject.strip() or "\n" in self.subject or "\r" in self.subject:
            raise ValueError("the subject is one non-empty line")
        for item in self.attachments:
            if not item.get("filename") or ("content" in item) == ("path" in item):
                raise ValueError("an attachment has a filename and either content or a path")

    @classmethod
    def of(
        cls,
        rendered: Any,
        *,
        key: str,
        kind: str,
        to: Iterable[str],
        cc: Iterable[str] = (),
        attachments: Iterable[dict[str, str]] = (),
    ) -> OutgoingMail:
        """An outgoing mail from a :class:`notifications.render.RenderedMail`."""
        return cls(
            key=key,
            kind=kind,
            to=tuple(to),
            cc=tuple(cc),
            subject=rendered.subject,
            html=rendered.html,
            text=rendered.text,
            attachments=tuple(attachments),
        )


def mail_key(kind: str, *parts: object) -> str:
    """A key such as ``overdue:qlkh@sokhcn.example.vn:2020-08-14``.

    Parts are folded to ASCII without spaces (``Quý III/2020`` -> ``quy_iii/2020``); a key
    longer than 255 characters keeps its start and ends with a hash of the whole.
    """
    folded = ("_".join(fold(str(p)).split()) for p in parts)
    key = ":".join([kind, *folded]).encode("ascii", "replace").decode().replace("?", "_")
    if len(key) <= KEY_LIMIT:
        return key
    return key[: KEY_LIMIT - 41] + "~" + hashlib.sha1(key.encode()).hexdigest()


def attachment(filename: str, data: bytes, mime: str | None = None) -> dict[str, str]:
    """An attachment stored in the row itself, so the mail is fixed when it is queued."""
    guessed = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if guessed.startswith("text/") and "charset" not in guessed and _is_utf8(data):
        guessed += "; charset=utf-8"
    return {"filename": filename, "mime": guessed, "content": base64.b64encode(data).decode()}


def attachment_file(path: Path, filename: str | None = None) -> dict[str, str]:
    """An attachment read from ``path`` when the mail is delivered."""
    name = filename or path.name
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return {"filename": name, "path": str(path), "mime": mime}


def enqueue(conn: Session | Connection, message: OutgoingMail, *, now: datetime) -> bool:
    """Add ``message`` in the caller's transaction; ``False`` when its key is already queued."""
    return outbox.add(
        conn,
        key=message.key,
        kind=message.kind,
        to=list(message.to),
        cc=list(message.cc),
        subject=message.subject,
        html=message.html,
        text=message.text,
        attachments=[dict(a) for a in message.attachments],
        now=now,
    )


def _looks_like_address(address: str) -> bool:
    local, _, domain = address.rpartition("@")
    return bool(local) and "." in domain and not any(c.isspace() or c in '<>,;"' for c in address)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
