"""The layers' rules, checked on the source: domain/ stays pure."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTER = {"store", "notifications", "workflows", "workplan", "config", "sqlmodel", "sqlalchemy",
         "prefect", "fastapi", "yagmail", "docx", "typer", "rich", "apscheduler"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_imports_nothing_of_the_outer_layers():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & OUTER)
        for path in (ROOT / "domain").rglob("*.py")
        if imported_modules(path) & OUTER
    }
    assert offenders == {}


def test_domain_reads_no_clock():
    for path in (ROOT / "domain").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "date.today(" not in source and "datetime.now(" not in source, path.name
