"""What every entry point builds once and passes down: settings, the organisation, the
engine and the clock. Nothing here is global; nothing connects until asked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cached_property

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from config.loading import read_organisation
from config.settings import Settings, load_settings
from domain.calendar import WorkCalendar
from domain.organisation import Organisation
from services.clock import Clock


class Runtime:
    """Settings, organisation, engine and clock of one entry point (a CLI command, the web
    app, a flow run, a test)."""

    def __init__(
        self,
        settings: Settings | None = None,
        clock: Clock | None = None,
        *,
        org: Organisation | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.clock = clock or Clock.of(self.settings.timezone, self.settings.now)
        if org is not None:
            self.__dict__["org"] = org

    @cached_property
    def org(self) -> Organisation:
        return Organisation.from_dict(read_organisation(self.settings.organisation))

    @cached_property
    def engine(self) -> Engine:
        from store.db import make_engine

        return make_engine(self.settings.db_url)

    @property
    def calendar(self) -> WorkCalendar:
        return self.org.calendar

    @property
    def locale(self) -> str:
        return self.settings.locale

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today()

    def at(self, moment: datetime | date | None) -> Runtime:
        """The same runtime (organisation and engine shared) with its clock stopped at
        ``moment``; ``None`` keeps the clock as it is."""
        return self if moment is None else self.with_clock(self.clock.at(moment))

    def with_clock(self, clock: Clock) -> Runtime:
        """The same runtime (organisation and engine shared) on another clock."""
        other = Runtime(self.settings, clock)
        for name in ("org", "engine"):
            if name in self.__dict__:
                other.__dict__[name] = self.__dict__[name]
        return other

    def close(self) -> None:
        """Release the engine's connections (when one was built)."""
        if "engine" in self.__dict__:
            self.__dict__["engine"].dispose()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        from store.db import session_scope

        with session_scope(self.engine) as session:
            yield session
