"""The Typer app, the runtime it builds, and how errors reach the user."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from domain.messages import render
from domain.problems import InputError
from services.runtime import Runtime
from workplan.texts import t

if TYPE_CHECKING:
    from rich.console import Console
    from sqlmodel import Session

T = TypeVar("T")

app = typer.Typer(
    name="workplan",
    help="workplan — theo dõi chương trình công tác của Sở (tracks work programmes).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class LazyConsole:
    """A Rich console made on first use in each invocation: a command that never prints
    through Rich does not import it, and each invocation reads the terminal afresh."""

    def __init__(self, *, stderr: bool = False) -> None:
        self._stderr = stderr
        self._made: Console | None = None

    def rich(self) -> Console:
        """The Rich console itself (for Rich objects that take one)."""
        if self._made is None:
            from rich.console import Console

            self._made = Console(stderr=self._stderr)
        return self._made

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich(), name)

    def forget(self) -> None:
        self._made = None


console = LazyConsole()
err_console = LazyConsole(stderr=True)

# The runtime of the invocation in progress: set when a command starts, closed and
# forgotten when it ends, so each invocation (and each test run) builds its own.
_current: ContextVar[Runtime | None] = ContextVar("workplan_runtime", default=None)


# Files workplan writes (the database, .eml files, previews, reports) hold link tokens:
# readable by their owner only.
PRIVATE_UMASK = 0o077


@app.callback()
def _invocation(ctx: typer.Context) -> None:
    token = _current.set(None)
    umask = os.umask(PRIVATE_UMASK)

    def finish() -> None:
        rt = _current.get()
        if rt is not None:
            rt.close()
        _current.reset(token)
        os.umask(umask)
        console.forget()
        err_console.forget()

    ctx.call_on_close(finish)


def runtime() -> Runtime:
    """The runtime of this invocation, built from the environment on first use."""
    rt = _current.get()
    if rt is None:
        try:
            rt = Runtime()
        except InputError as exc:  # a WORKPLAN_* variable that cannot be used
            _print_error(render(exc.code, _env_locale(), **exc.params), _env_locale())
            raise typer.Exit(2) from None
        _current.set(rt)
    return rt


def fail(message: str) -> NoReturn:
    _print_error(message, _locale())
    raise typer.Exit(2)


def _print_error(message: str, locale: str) -> None:
    err_console.print(f"[bold red]{t('error', locale)}:[/] {message}", highlight=False)


def _locale() -> str:
    rt = _current.get()
    return rt.locale if rt is not None else _env_locale()


def _env_locale() -> str:
    """The locale asked for, even when the settings as a whole cannot be read."""
    return "en" if os.environ.get("WORKPLAN_LOCALE", "").strip().lower() == "en" else "vi"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn input problems into one clear message and exit code 2, never a traceback."""
    try:
        yield
    except InputError as exc:
        fail(render(exc.code, _locale(), **exc.params))
    except NotReady:
        fail(render("database_not_ready", _locale()))


class NotReady(Exception):
    """The database has no schema yet."""


def ensure_ready() -> None:
    from store.db import is_ready

    if not is_ready(runtime().engine):
        raise NotReady


def read(query: Callable[[Session], T]) -> T:
    """Run ``query`` in a read-only session, with the user's errors turned into messages."""
    from sqlmodel import Session

    with user_errors():
        ensure_ready()
        with Session(runtime().engine) as session:
            return query(session)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _typer_in_locale() -> None:
    """Typer's own usage messages ("Missing option", "Usage:") in the CLI's locale."""
    from texts import click

    click.install(_locale)


_typer_in_locale()
