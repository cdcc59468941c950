"""Core statements compiled once per dialect and run on the driver's cursor of a pooled
connection, the values converted in and out by the columns' own SQLAlchemy types.

For the few statements of a status change, run thousands of times a minute: SQLAlchemy's
connection spends some tens of microseconds setting up each execution, several times
what SQLite takes to run it. PostgreSQL's driver prepares a statement on the server once
it has run a few times.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Insert, Select, Update

Row = dict[str, Any]
_Convert = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the parameters, in the statement's order when positional
    positional: bool
    binds: tuple[_Convert, ...]
    columns: tuple[tuple[str, _Convert], ...]  # what a SELECT reads


class Prepared:
    """A statement to run as :meth:`rows`, :meth:`one`, :meth:`scalar` or :meth:`run`;
    ``keys`` names the columns an INSERT sets."""

    def __init__(self, statement: Select[Any] | Update | Insert, keys: Sequence[str] = ()) -> None:
        self.statement, self.keys = statement, list(keys)
        self._compiled: dict[tuple[str, str, str], _Compiled] = {}

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> list[Row]:
        compiled, cursor = self._execute(conn, params)
        found = cursor.fetchall()
        cursor.close()
        return [
            {key: value if convert is None else convert(value)
             for (key, convert), value in zip(compiled.columns, row, strict=True)}
            for row in found
        ]  # fmt: skip

    def one(self, conn: Connection, params: Mapping[str, Any]) -> Row | None:
        """The first row, or ``None``."""
        found = self.rows(conn, params)
        return found[0] if found else None

    def scalar(self, conn: Connection, params: Mapping[str, Any]) -> Any:
        """The first column of the first row, or ``None``."""
        found = self.rows(conn, params)
        return next(iter(found[0].values())) if found else None

    def run(self, conn: Connection, params: Mapping[str, Any]) -> int:
        """Run an UPDATE or INSERT; the number of rows it touched."""
        cursor = self._execute(conn, params)[1]
        count = int(cursor.rowcount)
        cursor.close()
        return count

    def _execute(self, conn: Connection, params: Mapping[str, Any]) -> tuple[_Compiled, Any]:
        dialect = conn.dialect
        compiled = self._for(dialect)
        values = [
            params[name] if convert is None else convert(params[name])
            for name, convert in zip(compiled.names, compiled.binds, strict=True)
        ]
        bound: Any = values
        if not compiled.positional:
            bound = dict(zip(compiled.names, values, strict=True))
        # The driver's own connection (sqlite3, psycopg); ``dbapi_connection`` since a
        # connection detached from its pool has no ``driver_connection`` left.
        driver = conn.connection.dbapi_connection
        assert driver is not None  # a connection in use has its driver's connection
        cursor = driver.cursor()
        try:
            cursor.execute(compiled.sql, bound)
        except dialect.loaded_dbapi.Error as error:  # as SQLAlchemy would raise it
            raise DBAPIError.instance(
                compiled.sql, bound, error, dialect.loaded_dbapi.Error, dialect=dialect
            ) from error
        return compiled, cursor

    def _for(self, dialect: Dialect) -> _Compiled:
        key = (dialect.name, str(dialect.driver), str(dialect.paramstyle))
        if key not in self._compiled:
            self._compiled[key] = self._compile(dialect)
        return self._compiled[key]

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled: Any = self.statement.compile(dialect=dialect, column_keys=self.keys or None)
        names = tuple(compiled.positiontup if compiled.positional else compiled.binds)
        binds = tuple(compiled.binds[name].type._cached_bind_processor(dialect) for name in names)
        columns: tuple[tuple[str, _Convert], ...] = ()
        if isinstance(self.statement, Select):
            columns = tuple(
                (str(column.key), column.type._cached_result_processor(dialect, None))
                for column in self.statement.selected_columns
            )
        return _Compiled(compiled.string, names, bool(compiled.positional), binds, columns)
