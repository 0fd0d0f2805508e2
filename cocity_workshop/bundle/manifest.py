"""datapackage.json: the Frictionless Data Package v2 descriptor that is also the bundle's hash manifest.

Besides the files and their hashes it says what a portal shows about a dataset (decision 0053): the
workshop's page (``homepage``), where the data comes from (``sources``: the workshop and the app), a
``version`` that grows with every export, the themes among the ``keywords``, the organisers, the controller
and the data-protection contact among the ``contributors``, and in ``cocity`` the place, date, fingerprint
and the app's version. The CKAN target reads all of it from here.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Sequence
from typing import Any

from cocity_workshop import APP_HOMEPAGE, APP_NAME, __version__
from cocity_workshop.bundle.tables import DataFile
from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.licences import data_licence
from cocity_workshop.core.model import Workshop
from cocity_workshop.core.snapshot import WorkshopSnapshot

MANIFEST = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: The namespace the package id is derived in (so one workshop state and tier always get one id).
_ID_NAMESPACE = uuid.UUID("6f1b7a52-3c1e-4f43-9a0e-0c0c17a7e2a1")
#: The keywords every bundle has; the workshop's city and themes follow.
KEYWORDS = ("co-creation workshop", "dot voting")
#: An e-mail address inside a contact text ("Data protection officer, dpo@city.example").
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")


def slug(text: str) -> str:
    """A package name Frictionless accepts: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-")


def email_in(text: str) -> str:
    """The first e-mail address written in ``text``, or ""."""
    found = _EMAIL.search(text)
    return found.group(0).rstrip(".") if found else ""


def place(workshop: Workshop) -> str:
    """Where the workshop was held: the venue and the city, as far as they are known."""
    return ", ".join(p for p in (workshop.venue, workshop.city) if p)


def package_version(snapshot: WorkshopSnapshot) -> str:
    """The bundle's version, ``1.H.S``: H the entries in the action log (every recorded change), S the
    seconds from the workshop file's first entry to this snapshot.

    A later export of the same workshop always has a greater version (the log never shrinks and time moves
    on), also after changes the log does not record one by one (ballots, ideas from phones); the same
    snapshot always gives the same version. Semantic versioning compares H first, so a reader sees at
    once which of two bundles holds more recorded changes.
    """
    if not snapshot.log:
        return "1.0.0"
    seconds = max(0, int(snapshot.taken_at - snapshot.log[0].at))
    return f"1.{len(snapshot.log)}.{seconds}"


def keywords(workshop: Workshop) -> list[str]:
    """The bundle's keywords: what it is, the city, the workshop's themes (each once, in that order)."""
    return list(dict.fromkeys(k for k in (*KEYWORDS, workshop.city, *workshop.themes) if k))


def contributors(workshop: Workshop) -> list[dict[str, Any]]:
    """The organisers (publishers), the controller and the data-protection contact (with its e-mail)."""
    found: list[dict[str, Any]] = [{"title": o, "roles": ["publisher"]} for o in workshop.organisers]
    if workshop.controller:
        found.append({"title": workshop.controller, "roles": ["controller"]})
    if workshop.privacy_contact:
        contact: dict[str, Any] = {"title": workshop.privacy_contact, "roles": ["contact"]}
        email = email_in(workshop.privacy_contact)
        if email:
            contact["email"] = email
        found.append(contact)
    return found


def sources(workshop: Workshop) -> list[dict[str, Any]]:
    """Where the data comes from: the workshop (its page, when it has one) and the app that recorded it."""
    where = ", ".join(p for p in (place(workshop), workshop.date) if p)
    title = f"Co-creation workshop \u201c{workshop.title}\u201d" + (f", {where}" if where else "")
    event: dict[str, Any] = {"title": title}
    if workshop.web_page:
        event["path"] = workshop.web_page
    return [event, {"title": f"{APP_NAME} {__version__}", "path": APP_HOMEPAGE, "version": __version__}]


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
    if file.description:
        entry["description"] = file.description
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
    }
    if workshop.web_page:
        descriptor["homepage"] = workshop.web_page
    descriptor.update(
        {
            "created": created,
            "version": package_version(snapshot),
            "keywords": keywords(workshop),
            "licenses": [{"name": licence.open_definition_id, "path": licence.url, "title": licence.title}],
            "sources": sources(workshop),
            "contributors": contributors(workshop),
            "cocity": {
                "tier": tier,
                "fingerprint": snapshot.fingerprint,
                "log_entries": len(snapshot.log),
                "language": workshop.language,
                "place": place(workshop),
                "date": workshop.date,
                "app_version": __version__,
            },
            "resources": [resource(f) for f in files],
        }
    )
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
