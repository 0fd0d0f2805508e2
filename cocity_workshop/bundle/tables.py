"""CSV files the way the bundle writes them: UTF-8, a header row, typed columns, formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: A cell starting with one of these would be run as a formula by a spreadsheet (=cmd|' /C calc'!A0).
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe if a spreadsheet could read it as a formula (OWASP's advice)."""
    stripped = value.lstrip(" ")
    if value.startswith(FORMULA_STARTERS) or stripped.startswith(FORMULA_STARTERS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column: its name, Table Schema type and description."""

    name: str
    type: str  # "integer", "string", "boolean", "number", "datetime"
    description: str = ""
    required: bool = False

    def field(self) -> dict[str, Any]:
        """The Table Schema field descriptor."""
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            field["description"] = self.description
        if self.required:
            field["constraints"] = {"required": True}
        return field


def cell(value: object) -> str:
    """A value as CSV text: integers plainly, booleans as true/false, text neutralised, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def csv_bytes(columns: Sequence[Column], rows: Iterable[Sequence[object]], *, delimiter: str = ",") -> bytes:
    """The CSV file's bytes (UTF-8 without BOM, ``\\r\\n`` line ends, quoted where needed)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def read_csv(data: bytes, *, delimiter: str = ",") -> list[dict[str, str]]:
    """Rows of a CSV file as dictionaries (for verification)."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values are keys of another resource (``resource`` "" is the table itself)."""

    field: str
    resource: str
    reference: str

    def descriptor(self) -> dict[str, Any]:
        """The Table Schema ``foreignKeys`` entry."""
        return {"fields": [self.field], "reference": {"resource": self.resource, "fields": [self.reference]}}


#: A reference to ideas.csv's numbers (results, actions, ballots and group votes name ideas by them).
IDEA_KEY = ForeignKey("idea_id", "ideas", "idea_id")


def schema(
    columns: Sequence[Column], primary_key: Sequence[str] = (), foreign_keys: Sequence[ForeignKey] = ()
) -> dict[str, Any]:
    """A Table Schema for ``columns``."""
    result: dict[str, Any] = {"fields": [c.field() for c in columns]}
    if primary_key:
        result["primaryKey"] = list(primary_key)
    if foreign_keys:
        result["foreignKeys"] = [k.descriptor() for k in foreign_keys]
    return result


@dataclass(frozen=True)
class DataFile:
    """One file of the bundle with what its datapackage.json entry says about it."""

    name: str  # resource name (lowercase, -._/ only)
    path: str
    data: bytes
    mediatype: str
    title: str
    table_schema: dict[str, Any] | None = None
    dialect: dict[str, Any] | None = field(default=None)
    description: str = ""  # what a reader finds in it (datapackage.json, and the portal's resource page)

    @property
    def format(self) -> str:
        """The file extension, as Frictionless's ``format``."""
        return self.path.rsplit(".", 1)[-1]
