"""Read the organisation's TOML file into plain data (validated by the domain)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_organisation(path: Path) -> dict[str, Any]:
    """Return the organisation file's contents as a dictionary."""
    with path.open("rb") as fh:
        return tomllib.load(fh)
