"""Limits the faces check before anything reaches a service or the database."""

from __future__ import annotations

from domain.problems import InputError

# Item numbers fit PostgreSQL's 4-byte integer column (SQLite's is wider): a larger
# number names no item and must not reach the database.
MAX_ID = 2**31 - 1
NAME_LIMIT = 120  # characters of a reporter's name ("Người cập nhật")


def item_number(value: int) -> int:
    """``value`` when it can name an item; else the error of an unknown item."""
    if not 1 <= value <= MAX_ID:
        raise InputError("unknown_item", id=value)
    return value


def check_name(value: str | None) -> None:
    """Refuse a reporter's name that is too long or holds a NUL character."""
    if value and len(value) > NAME_LIMIT:
        raise InputError("name_too_long", limit=NAME_LIMIT, length=len(value))
    if value and "\x00" in value:
        raise InputError("nul_in_name")


def check_note(value: str | None) -> None:
    """Refuse a note holding a NUL character (PostgreSQL cannot store one)."""
    if value and "\x00" in value:
        raise InputError("nul_in_note")
