"""Registers the optional command groups (mail, web) when their modules exist."""

from __future__ import annotations

import importlib

for _name in ("workplan.cli.mail", "workplan.cli.web"):
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a group is absent
        if exc.name != _name:
            raise
