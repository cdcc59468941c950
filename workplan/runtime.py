"""What every entry point builds first: settings, the organisation and the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.engine import Engine

from config.loading import read_organisation
from config.settings import Settings, load_settings
from domain.organisation import Organisation


@dataclass
class Runtime:
    settings: Settings = field(default_factory=load_settings)

    @cached_property
    def org(self) -> Organisation:
        return Organisation.from_dict(read_organisation(self.settings.organisation))

    @cached_property
    def engine(self) -> Engine:
        from store.db import make_engine

        return make_engine(self.settings.db_url)

    @property
    def locale(self) -> str:
        return self.settings.locale
