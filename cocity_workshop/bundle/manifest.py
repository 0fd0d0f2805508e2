"""datapackage.json: the Frictionless Data Package v2 descriptor that is also the bundle's hash manifest."""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Sequence
from typing import Any

from cocity_workshop.bundle.tables import DataFile
from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.licences import data_licence
from cocity_workshop.core.snapshot import WorkshopSnapshot

MANIFEST = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: The namespace the package id is derived in (so one workshop state and tier always get one id).
_ID_NAMESPACE = uuid.UUID("6f1b7a52-3c1e-4f43-9a0e-0c0c17a7e2a1")


def slug(text: str) -> str:
    """A package name Frictionless accepts: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-")


def resource(file: DataFile) -> dict[str, Any]:
    """One resource entry with its size and SHA-256."""
    entry: dict[str, Any] = {
        "name": file.name,
        "path": file.path,
        "title": file.title,
        "format": file.format,
        "mediatype": file.mediatype,
        "bytes": len(file.data),
        "hash": "sha256:" + sha256_hex(file.data),
    }
    if file.format in ("csv", "json"):
        entry["encoding"] = "utf-8"
    if file.table_schema is not None:
        entry["type"] = "table"
        entry["schema"] = file.table_schema
    if file.dialect is not None:
        entry["dialect"] = file.dialect
    return entry


def manifest_bytes(snapshot: WorkshopSnapshot, tier: str, files: Sequence[DataFile], created: str) -> bytes:
    """The descriptor for ``files`` (every file of the bundle but the descriptor itself)."""
    workshop = snapshot.workshop
    licence = data_licence(workshop.data_licence)
    name = "-".join(p for p in ("cocity", slug(workshop.date), slug(workshop.title) or "workshop", tier) if p)
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": name,
        "id": "urn:uuid:" + str(uuid.uuid5(_ID_NAMESPACE, f"{snapshot.fingerprint}/{tier}")),
        "title": f"{workshop.title}: results",
        "description": workshop.challenge,
        "created": created,
        "version": "1.0.0",
        "keywords": [k for k in ("co-creation workshop", "dot voting", workshop.city) if k],
        "licenses": [{"name": licence.open_definition_id, "path": licence.url, "title": licence.title}],
        "contributors": [{"title": o, "roles": ["publisher"]} for o in workshop.organisers],
        "cocity": {
            "tier": tier,
            "fingerprint": snapshot.fingerprint,
            "log_entries": len(snapshot.log),
            "language": workshop.language,
        },
        "resources": [resource(f) for f in files],
    }
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
