"""Reading a results bundle (a ZIP with a Frictionless ``datapackage.json``) for delivery.

The sync layer works on any bundle ZIP: the descriptor names the files and their SHA-256, and every
target delivers exactly these files, with ``datapackage.json`` last (its arrival marks a complete copy).
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from cocity_workshop.i18n import N_
from cocity_workshop.sync.errors import OutboxError

MANIFEST = "datapackage.json"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class BundleFile:
    """One file of a bundle: its path inside the bundle, size, SHA-256 (hex) and media type."""

    path: str
    size: int
    sha256: str
    mediatype: str
    title: str = ""
    description: str = ""

    @property
    def name(self) -> str:
        """The file name without folders."""
        return PurePosixPath(self.path).name


@dataclass(frozen=True)
class Contributor:
    """One of the descriptor's ``contributors``: a name, its roles and an e-mail address (may be empty)."""

    title: str
    roles: tuple[str, ...] = ()
    email: str = ""


@dataclass(frozen=True)
class BundleInfo:
    """What a bundle holds, read from its descriptor and checked against its contents."""

    zip_path: Path
    name: str
    title: str
    description: str
    tier: str
    package_id: str
    fingerprint: str
    files: tuple[BundleFile, ...]
    #: The same for two bundles with the same data, whenever they were exported: the descriptor and the
    #: PDF carry the time of export, so they are left out. Exporting twice does not queue twice.
    content_key: str
    #: The data licence the descriptor declares (its first ``licenses[].name``; empty when it names none).
    licence: str = ""
    #: What a portal shows about the dataset, as the descriptor says (empty in bundles from before).
    version: str = ""
    homepage: str = ""
    keywords: tuple[str, ...] = ()
    contributors: tuple[Contributor, ...] = ()
    place: str = ""
    date: str = ""
    app_version: str = ""

    def with_role(self, role: str) -> list[Contributor]:
        """The contributors that have ``role`` ("publisher", "controller", "contact")."""
        return [c for c in self.contributors if role in c.roles]

    #: "event" for an event's bundle (its rooms' bundles inside), "" for a workshop's.
    kind: str = ""

    @property
    def folder(self) -> str:
        """Where a folder or WebDAV target puts the bundle: ``<bundle name>``, or for an event's bundle
        ``<event>/<tier>``, so each event has one folder whatever tiers are delivered (decision 0052)."""
        event = self.name.removesuffix(f"-{self.tier}") or self.name
        if self.kind != "event" or "/" in event or not safe_member_path(event):
            return self.name
        return f"{event}/{self.tier}"

    @property
    def size(self) -> int:
        """Bytes of all files together."""
        return sum(f.size for f in self.files)

    def file(self, path: str) -> BundleFile:
        """The file at ``path``."""
        for item in self.files:
            if item.path == path:
                return item
        raise KeyError(path)

    @property
    def report(self) -> BundleFile | None:
        """The PDF report, if the bundle has one."""
        return next((f for f in self.files if f.mediatype == "application/pdf"), None)

    def read(self, path: str) -> bytes:
        """One file's bytes."""
        with zipfile.ZipFile(self.zip_path) as archive:
            return archive.read(path)

    def chunks(self, path: str) -> Iterator[bytes]:
        """One file's bytes in chunks of 64 KiB."""
        with zipfile.ZipFile(self.zip_path) as archive, archive.open(path) as member:
            while chunk := member.read(CHUNK):
                yield chunk


def safe_member_path(path: str) -> bool:
    """Whether ``path`` is a plain relative path (no ``..``, no root, no backslash, no drive)."""
    if not path or "\\" in path or ":" in path or path.startswith("/") or "\x00" in path:
        return False
    parts = PurePosixPath(path).parts
    return all(part not in ("", ".", "..") for part in parts)


def _bad(reason: str, **params: Any) -> OutboxError:
    return OutboxError(reason, **params)


def read_bundle(zip_path: str | os.PathLike[str], tier: str | None = None) -> BundleInfo:
    """Read and check a bundle: every file listed with a hash must match it.

    ``tier`` is taken from the descriptor (``cocity.tier``) when it says; otherwise from the argument,
    otherwise "city". Raises ``OutboxError`` when the file is not a bundle or a file does not match.
    """
    zip_path = Path(zip_path)
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile):
        raise _bad(N_("{file} is not a results bundle (not a readable ZIP file)."), file=zip_path.name) from None
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        names = [i.filename for i in members]
        if MANIFEST not in names:
            raise _bad(N_("{file} is not a results bundle (no datapackage.json)."), file=zip_path.name)
        for name in names:
            if not safe_member_path(name):
                raise _bad(N_("{file} holds a file with an unsafe name: {name}."), file=zip_path.name, name=name)
        try:
            descriptor = json.loads(archive.read(MANIFEST))
        except (ValueError, zipfile.BadZipFile, OSError):
            raise _bad(N_("{file} has a damaged datapackage.json."), file=zip_path.name) from None
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise _bad(N_("{file} has a damaged datapackage.json."), file=zip_path.name)
        listed: dict[str, dict[str, Any]] = {}
        for entry in descriptor["resources"]:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                listed[entry["path"]] = entry
        files: list[BundleFile] = []
        ordered = [n for n in listed if n in names] + [n for n in names if n not in listed and n != MANIFEST]
        for name in [*ordered, MANIFEST]:
            digest = hashlib.sha256()
            size = 0
            try:
                with archive.open(name) as member:
                    while chunk := member.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
            except (zipfile.BadZipFile, OSError):
                raise _bad(N_("{file} is damaged: {name} cannot be read."), file=zip_path.name, name=name) from None
            entry = listed.get(name, {})
            expected = str(entry.get("hash", ""))
            if expected.startswith("sha256:") and expected[7:].lower() != digest.hexdigest():
                raise _bad(N_("{file} is damaged: {name} does not match its SHA-256."), file=zip_path.name, name=name)
            if isinstance(entry.get("bytes"), int) and entry["bytes"] != size:
                raise _bad(
                    N_("{file} is damaged: {name} does not have its listed size."), file=zip_path.name, name=name
                )
            mediatype = str(entry.get("mediatype") or _guess_mediatype(name))
            files.append(
                BundleFile(
                    name,
                    size,
                    digest.hexdigest(),
                    mediatype,
                    str(entry.get("title") or ""),
                    str(entry.get("description") or ""),
                )
            )
        missing = sorted(set(listed) - set(names))
        if missing:
            raise _bad(N_("{file} is incomplete: {name} is missing."), file=zip_path.name, name=missing[0])
    cocity: dict[str, Any] = descriptor["cocity"] if isinstance(descriptor.get("cocity"), dict) else {}
    found_tier = str(cocity.get("tier") or tier or "city")
    name = str(descriptor.get("name") or zip_path.stem)
    licences = descriptor.get("licenses")
    first = licences[0] if isinstance(licences, list) and licences and isinstance(licences[0], dict) else {}
    licence = str(first.get("name") or "")
    homepage = _text(descriptor.get("homepage"))
    keywords = tuple(_text(k) for k in _list(descriptor.get("keywords")) if _text(k))
    contributors = tuple(
        Contributor(_text(c.get("title")), tuple(_text(r) for r in _list(c.get("roles"))), _text(c.get("email")))
        for c in _list(descriptor.get("contributors"))
        if isinstance(c, dict) and _text(c.get("title"))
    )
    place, date = _text(cocity.get("place")), _text(cocity.get("date"))
    described = (homepage, keywords, contributors, place, date)
    key = hashlib.sha256()
    key.update(f"{name}\0{found_tier}\0{cocity.get('language') or ''}\0{licence}".encode())
    if any(described):  # what a portal shows is part of what the bundle says (the version is not: it is time)
        key.update(("\0" + repr(described)).encode())
    for item in files:
        if item.path != MANIFEST and item.mediatype != "application/pdf":
            key.update(f"\n{item.path}\0{item.sha256}".encode())
    return BundleInfo(
        zip_path=zip_path,
        name=name,
        title=str(descriptor.get("title") or name),
        description=str(descriptor.get("description") or ""),
        tier=found_tier,
        package_id=str(descriptor.get("id") or ""),
        fingerprint=str(cocity.get("fingerprint") or ""),
        files=tuple(files),
        content_key=key.hexdigest(),
        licence=licence,
        version=_text(descriptor.get("version")),
        homepage=homepage,
        keywords=keywords,
        contributors=contributors,
        place=place,
        date=date,
        app_version=_text(cocity.get("app_version")),
        kind="event" if cocity.get("kind") == "event" and found_tier in ("city", "public") else "",
    )


def _text(value: object) -> str:
    """A descriptor's string value, or "" for anything else (a bundle is read, not trusted)."""
    return value if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


_TYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}


def _guess_mediatype(path: str) -> str:
    return _TYPES.get(PurePosixPath(path).suffix.lower(), "application/octet-stream")
