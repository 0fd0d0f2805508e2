"""A checker for Decidim's "Import proposals from a file", written from the importer's rules (research note).

Rules: CSV is read with ``col_sep: ";"`` and ``encoding: "BOM|UTF-8"``, the first row being the headers;
JSON is an array of objects whose first object's (flattened, ``title/en``) keys are the headers;
``title/<default_locale>`` and ``body/<default_locale>`` are required, duplicate headers are refused;
any failing row rejects the whole import; proposals need a title of 15 to 150 characters and a body
of at least 15. JSON objects are read by the first object's keys (decidim-admin readers/json.rb): a key a
later object has and the first lacks is dropped, so every object must have the same keys.

Categories (decidim-proposals import/proposal_creator.rb): ``category/id`` (0.27 to 0.29) is read with
``to_i`` and looked up among the categories (empty: none); ``taxonomies/ids`` (0.30 and later) is split on
commas. An id that is not one of the participatory space's categories fails the proposal's validation, so
``categories`` (the space's ids), when given, must hold every id.
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


def _check_categories(rows: list[dict[str, Any]], categories: set[int] | None) -> list[str]:
    problems = []
    for line, row in enumerate(rows, start=2):
        for key in ("category/id", "taxonomies/ids"):
            value = row.get(key)
            if value in (None, ""):
                continue
            parts = [value] if isinstance(value, int) else str(value).split(",")
            for part in parts:
                if isinstance(part, bool) or not str(part).strip().isdigit():
                    problems.append(f"line {line}: {key} is not a category id: {value!r}")
                elif categories is not None and int(part) not in categories:
                    problems.append(f"line {line}: {key} {part} is not a category of the space")
    return problems


def _check_rows(
    headers: list[str], rows: list[dict[str, Any]], locale: str, categories: set[int] | None = None
) -> list[str]:
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
    return problems + _check_categories(rows, categories)


def check_csv(data: bytes, locale: str, categories: set[int] | None = None) -> list[str]:
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
    return problems + _check_rows(headers, rows, locale, categories)


def check_json(data: bytes, locale: str, categories: set[int] | None = None) -> list[str]:
    """Problems Decidim's JSON import would have with ``data``."""
    try:
        items = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ["not UTF-8 JSON"]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return ["not an array of objects"]
    rows = [_flatten(i) for i in items]
    headers = list(rows[0]) if rows else []
    dropped = [
        f"object {n}: {sorted(set(r) - set(headers))} dropped" for n, r in enumerate(rows, 1) if set(r) - set(headers)
    ]
    return dropped + _check_rows(headers, rows, locale, categories)
