"""The domain reads no clock (the layers themselves are checked by import-linter in
``make lint``: see ``[tool.importlinter]`` in pyproject.toml)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_domain_reads_no_clock():
    for path in (ROOT / "domain").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "date.today(" not in source and "datetime.now(" not in source, path.name
