"""Add the msgids ``pybabel extract`` found (``make texts``) to the catalogues: each to the
domain its file belongs to, in every locale, untranslated; nothing is ever removed, since
many keys are built at run time (``f"status_{code}"``).

    python -m texts.sync texts/locales/workplan.pot
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from texts.catalogues import LOCALEDIR, LOCALES

# The first prefix a source file's path starts with names its domain.
DOMAIN_OF = (
    ("workplan/web/", "web"),
    ("workplan/", "cli"),
    ("notifications/templates/", "mail"),
    ("", "problems"),
)


_KEY = re.compile(r"[a-z][a-z0-9_]*")


def domain_of(path: str) -> str:
    return next(domain for prefix, domain in DOMAIN_OF if path.startswith(prefix))


def sync(template: Path) -> dict[str, list[str]]:
    """Add what ``template`` holds and the catalogues lack; the keys added, by domain."""
    with template.open("rb") as f:
        found = read_po(f)
    wanted: dict[str, set[str]] = {}
    for message in found:
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)  # ngettext
        keys = {key for key in ids if key and _KEY.fullmatch(key)}
        for source, _line in message.locations:
            wanted.setdefault(domain_of(source), set()).update(keys)
    added: dict[str, list[str]] = {}
    for domain, keys in sorted(wanted.items()):
        for locale in LOCALES:
            path = LOCALEDIR / locale / "LC_MESSAGES" / f"{domain}.po"
            catalog = _read(path, locale, domain)
            known = {m.id for m in catalog if isinstance(m.id, str)}
            known |= _known_elsewhere(locale, domain)
            new = sorted(k for k in keys - known if not _joined(k, known))
            for key in new:
                catalog.add(key, "", flags=("python-brace-format",))
            if new:
                with path.open("wb") as f:
                    write_po(f, catalog, width=100)
                added[f"{locale}/{domain}"] = new
    return added


def _joined(key: str, known: set[str]) -> bool:
    """``t("a" if x else "b")`` extracts as "ab": two known keys side by side."""
    return any(key[:i] in known and key[i:] in known for i in range(1, len(key)))


def _read(path: Path, locale: str, domain: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, domain=domain, project="workplan")
    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=domain)


def _known_elsewhere(locale: str, domain: str) -> set[str]:
    """Keys a face reads from the shared catalogues (labels, problems) need no copy."""
    shared = [d for d in ("labels", "problems") if d != domain]
    keys: set[str] = set()
    for other in shared:
        path = LOCALEDIR / locale / "LC_MESSAGES" / f"{other}.po"
        if path.exists():
            keys |= {m.id for m in _read(path, locale, other) if isinstance(m.id, str)}
    return keys


def main() -> None:
    for where, keys in sync(Path(sys.argv[1])).items():
        print(f"{where}: {len(keys)} new, to translate: {', '.join(keys)}")


if __name__ == "__main__":
    main()
