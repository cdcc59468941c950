"""Runtime settings read from ``WORKPLAN_*`` environment variables.

Nothing here runs at import time: entry points call :func:`load_settings` and pass the
result down.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_ORGANISATION = Path(__file__).with_name("organisation.toml")


class Settings(BaseSettings):
    """Everything an entry point needs to build engine, mailer and faces."""

    model_config = SettingsConfigDict(env_prefix="WORKPLAN_", extra="ignore")

    home: Path = Path("var")
    database_url: str | None = None
    locale: Literal["vi", "en"] = "vi"
    secret_key: str | None = None
    organisation: Path = DEFAULT_ORGANISATION
    base_url: str = "http://127.0.0.1:8000"
    link_days: int = Field(default=30, ge=1)
    timezone: str = "Asia/Ho_Chi_Minh"
    now: datetime | None = None  # WORKPLAN_NOW fixes the clock (replays, tests, the demo)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_from: str = "workplan@sokhcn.example.vn"

    schedule: Path = Path(__file__).with_name("schedule.toml")  # WORKPLAN_SCHEDULE
    sender_name: str | None = None  # the From display name; default: the organisation's name
    reply_to: str | None = None  # Reply-To; default: the e-mail of the organisation's office
    prefect_port: int = 4200  # the Prefect server `workplan serve` starts when no PREFECT_API_URL

    @property
    def db_url(self) -> str:
        """The configured database URL, or a SQLite file in the home folder."""
        return self.database_url or f"sqlite:///{(self.home / 'workplan.db').as_posix()}"

    @property
    def mail_dir(self) -> Path:
        return self.home / "mail"

    @property
    def preview_dir(self) -> Path:
        return self.home / "preview"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    @property
    def secret_file(self) -> Path:
        return self.home / "secret.key"

    def secret(self, *, create: bool = False) -> str:
        """The signing secret: from settings, else from ``home/secret.key``.

        With ``create=True`` a missing key file is generated (``workplan init`` does this).
        """
        if self.secret_key:
            return self.secret_key
        if self.secret_file.exists():
            return self.secret_file.read_text(encoding="utf-8").strip()
        if not create:
            raise LookupError("no secret key: run `workplan init` or set WORKPLAN_SECRET_KEY")
        self.home.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(32)
        self.secret_file.write_text(key + "\n", encoding="utf-8")
        self.secret_file.chmod(0o600)
        return key


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; keyword overrides win (used by tests)."""
    return Settings(**overrides)  # type: ignore[arg-type]
