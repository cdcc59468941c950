"""Serving the app with uvicorn, with link tokens kept out of the logs."""

from __future__ import annotations

import logging
import re
from typing import Any

_TOKEN_IN_PATH = re.compile(r"(/(?:d|board)/)[^/?#\s\"]+")
_TOKEN_IN_QUERY = re.compile(r"([?&;](?:token|access_token)=)[^&#\s\"]+", re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)[\w.~+/=-]+", re.IGNORECASE)


def redact(text: str) -> str:
    """``/d/<token>/…`` → ``/d/…/…``, ``?token=<token>`` → ``?token=…``, ``Bearer …``:
    a link token is a password."""
    text = _TOKEN_IN_PATH.sub(r"\1…", text)
    text = _TOKEN_IN_QUERY.sub(r"\1…", text)
    return _BEARER.sub(r"\1…", text)


class RedactTokens(logging.Filter):
    """Rewrites log records so no link token reaches a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install_redaction() -> None:
    """Attach the filter to uvicorn's loggers (access lines and error tracebacks)."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())


def config(app: Any, *, host: str, port: int, access_log: bool = True, **options: Any) -> Any:
    """A uvicorn config for ``app``, proxies' headers trusted from loopback only."""
    import uvicorn

    return uvicorn.Config(
        app, host=host, port=port, access_log=access_log, server_header=False,
        proxy_headers=True, forwarded_allow_ips="127.0.0.1", **options,
    )


def serve(app: Any, *, host: str, port: int) -> None:
    """Run until interrupted."""
    import uvicorn

    server = uvicorn.Server(config(app, host=host, port=port))
    install_redaction()
    server.run()
