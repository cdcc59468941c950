"""Runtime settings read from ``WORKPLAN_*`` environment variables.

Nothing here runs at import time: entry points call :func:`load_settings` and pass the
result down.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.problems import InputError

DEFAULT_ORGANISATION = Path(__file__).with_name("organisation.toml")
MIN_SECRET_LENGTH = 32  # characters; `workplan init` generates 43
MAX_LINK_DAYS = 365


class Settings(BaseSettings):
    """Everything an entry point needs to build engine, mailer and faces."""

    model_config = SettingsConfigDict(env_prefix="WORKPLAN_", extra="ignore")

    home: Path = Path("var")
    database_url: str | None = None
    locale: Literal["vi", "en"] = "vi"
    secret_key: str | None = None
    organisation: Path = DEFAULT_ORGANISATION
    base_url: str = "http://127.0.0.1:8000"
    link_days: int = Field(default=30, ge=1, le=MAX_LINK_DAYS)  # a link lives at most a year
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
    smtp_timeout: float = Field(default=20, gt=0, le=600)  # seconds for each server reply

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: str | None) -> str | None:
        if value is not None and len(value.strip()) < MIN_SECRET_LENGTH:
            raise ValueError(f"at least {MIN_SECRET_LENGTH} characters")
        return value

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
    """Read settings from the environment; keyword overrides win (used by tests).

    A value that cannot be used raises :class:`InputError` naming the variable (never
    echoing the secret key), so every entry point says it in one line.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "?"
        variable = f"WORKPLAN_{name.upper()}"
        if name == "secret_key":
            raise InputError(
                "setting_secret_short", name=variable, minimum=MIN_SECRET_LENGTH
            ) from None
        if name == "link_days":
            raise InputError(
                "setting_link_days", value=error.get("input"), maximum=MAX_LINK_DAYS
            ) from None
        raise InputError("setting_invalid", name=variable, value=error.get("input")) from None
