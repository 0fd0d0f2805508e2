"""What every part of ``Records`` shares: the connection and the few helpers its queries are written with."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

#: One row as a mapping of column names to values.
Row = dict[str, Any]


class RowAccess:
    """The connection (and sqlite-utils' view of it) with helpers for plain parameterised SQL."""

    conn: sqlite3.Connection
    db: Database

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        return list(self.db.query(sql, list(params)))

    def _one(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _insert(self, table: str, values: Mapping[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
        return int(cursor.lastrowid or 0)

    def _update(self, table: str, key: str, key_value: Any, values: Mapping[str, Any]) -> int:
        if not values:
            return 0
        assignments = ", ".join(f"{column} = ?" for column in values)
        cursor = self.conn.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?", [*values.values(), key_value])
        return cursor.rowcount

    def _next_position(self, table: str, where: str = "1", params: Iterable[Any] = ()) -> int:
        row = self.conn.execute(f"SELECT COALESCE(MAX(position), -1) + 1 FROM {table} WHERE {where}", list(params))
        return int(row.fetchone()[0])
