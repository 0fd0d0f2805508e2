"""A checker for Decidim's "Import proposals from a file", written from the importer's rules (research note).

Rules: CSV is read with ``col_sep: ";"`` and ``encoding: "BOM|UTF-8"``, the first row being the headers;
JSON is an array of objects whose first object's (flattened, ``title/en``) keys are the headers;
``title/<default_locale>`` and ``body/<default_locale>`` are required, duplicate headers are refused;
any failing row rejects the whole import; proposals need a title of 15 to 150 characters and a body
of at least 15.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any


def _flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}/{key}" if prefix else key
        if isinstance(item, dict):
            flat.update(_flatten(item, name))
        else:
            flat[name] = item
    return flat


def _check_rows(headers: list[str], rows: list[dict[str, Any]], locale: str) -> list[str]:
    problems = []
    if len(set(headers)) != len(headers):
        problems.append("duplicate headers")
    for required in (f"title/{locale}", f"body/{locale}"):
        if required not in headers:
            problems.append(f"missing header {required}")
    if problems:
        return problems
    if not rows:
        problems.append("no proposals")
    for line, row in enumerate(rows, start=2):
        title, body = row.get(f"title/{locale}"), row.get(f"body/{locale}")
        if not isinstance(title, str) or not 15 <= len(title) <= 150:
            problems.append(f"line {line}: title must be 15 to 150 characters")
        if not isinstance(body, str) or len(body) < 15:
            problems.append(f"line {line}: body must be at least 15 characters")
    return problems


def check_csv(data: bytes, locale: str) -> list[str]:
    """Problems Decidim's CSV import would have with ``data`` (empty when it would import)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ["not UTF-8"]
    text = text.removeprefix("\ufeff")
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not table:
        return ["empty file"]
    headers = table[0]
    problems = [
        f"line {n}: {len(r)} fields for {len(headers)} headers"
        for n, r in enumerate(table[1:], 2)
        if len(r) != len(headers)
    ]
    rows = [dict(zip(headers, r, strict=False)) for r in table[1:]]
    return problems + _check_rows(headers, rows, locale)


def check_json(data: bytes, locale: str) -> list[str]:
    """Problems Decidim's JSON import would have with ``data``."""
    try:
        items = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ["not UTF-8 JSON"]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return ["not an array of objects"]
    rows = [_flatten(i) for i in items]
    headers = list(rows[0]) if rows else []
    return _check_rows(headers, rows, locale)
