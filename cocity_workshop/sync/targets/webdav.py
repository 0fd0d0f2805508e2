"""Delivery to WebDAV: Nextcloud, ownCloud or any RFC 4918 server, with an app password.

The bundle's files go to ``<url>/<bundle name>/`` (an event's: ``<url>/<event>/<tier>/``):

- ``MKCOL`` creates each missing folder level (a server answers 409 when a parent is missing);
- a new file is sent with ``PUT`` and ``If-None-Match: *`` (never overwrite what appeared meanwhile), a file
  the app wrote earlier with ``If-Match: <its ETag>`` (never overwrite someone else's change);
- each file is read back with ``GET`` and its SHA-256 compared with the bundle's: ETags alone do not prove
  the content (wsgidav's, for one, changes only with the second and the size);
- ``datapackage.json`` goes last, so a folder with it holds a complete copy; a final ``PROPFIND`` checks that
  every file is there with its size.

Before each ``PUT`` the app notes in its journal that it is writing that file, so after a crash a half
written file is recognised as its own and replaced, and a file someone else changed is a conflict.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from cocity_workshop.core.text import is_plain_number
from cocity_workshop.i18n import N_, _
from cocity_workshop.sync.bundlefile import MANIFEST, BundleFile
from cocity_workshop.sync.errors import DeliveryError, ProblemKind
from cocity_workshop.sync.http import HttpClient, HttpResponse, basic_auth, counted, join_url
from cocity_workshop.sync.targets.base import (
    DeliveryContext,
    Target,
    conflict,
    sha256_of,
    too_large,
    verify_failed,
)

PROPFIND_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontentlength/><d:resourcetype/></d:prop></d:propfind>'
)
DAV = "{DAV:}"
#: Folder levels ``MKCOL`` climbs at most while looking for an existing parent.
MAX_LEVELS = 32


@dataclass(frozen=True)
class RemoteEntry:
    """One file or folder in a ``PROPFIND`` answer."""

    path: str
    etag: str
    size: int
    is_folder: bool


def parse_multistatus(body: bytes, base_path: str) -> dict[str, RemoteEntry]:
    """Entries of a 207 answer by path relative to ``base_path`` ("" for the folder itself)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise DeliveryError(ProblemKind.SERVER, N_("The WebDAV server sent an answer the app cannot read.")) from None
    base = unquote(base_path).rstrip("/")
    entries: dict[str, RemoteEntry] = {}
    for response in root.iter(f"{DAV}response"):
        href = response.findtext(f"{DAV}href") or ""
        path = unquote(urlsplit(href).path).rstrip("/")
        if not path.startswith(base):
            continue
        relative = path[len(base) :].lstrip("/")
        etag, size, folder = "", 0, False
        for propstat in response.iter(f"{DAV}propstat"):
            if " 200 " not in f" {propstat.findtext(f'{DAV}status') or ''} ":
                continue
            prop = propstat.find(f"{DAV}prop")
            if prop is None:
                continue
            etag = prop.findtext(f"{DAV}getetag") or etag
            length = prop.findtext(f"{DAV}getcontentlength")
            if length and is_plain_number(length.strip()):
                size = int(length)
            kind = prop.find(f"{DAV}resourcetype")
            if kind is not None and kind.find(f"{DAV}collection") is not None:
                folder = True
        entries[relative] = RemoteEntry(relative, etag, size, folder)
    return entries


class WebDavTarget(Target):
    """A WebDAV folder (``url``) reached with ``username`` and an ``app_password``."""

    def describe(self) -> str:
        return self.settings.text("url")

    def _client(self) -> HttpClient:
        return HttpClient(
            self.settings.text("url"),
            authorization=basic_auth(self.settings.text("username"), self.settings.text("app_password")),
            ca_file=self.settings.text("ca_file") or None,
            timeout=self.settings.timeout(),
        )

    def check(self) -> str:
        """Log in and look at the folder (``PROPFIND``, depth 0); nothing is written."""
        url = self.settings.text("url").rstrip("/") + "/"
        with self._client() as client:
            response = client.request(
                "PROPFIND",
                url,
                headers={"Depth": "0", "Content-Type": 'application/xml; charset="utf-8"'},
                body=PROPFIND_BODY,
            )
        where = self.describe()
        if response.status == 404:
            return _(
                "The server accepted the user name and app password. The folder {where} is not there yet; "
                "the app creates it with the first delivery."
            ).format(where=where)
        if response.status != 207:
            raise answer_problem(response, where)
        entry = parse_multistatus(response.body, urlsplit(url).path).get("")
        if entry is not None and not entry.is_folder:
            raise DeliveryError(
                ProblemKind.SETTINGS, N_("{where} is a file, not a folder. Check the address."), where=where
            )
        return _("The server accepted the user name and app password, and the folder {where} is there.").format(
            where=where
        )

    def deliver(self, context: DeliveryContext) -> str:
        bundle = context.bundle
        with self._client() as client:
            session = _Session(self, client, context)
            dest = join_url(self.settings.text("url"), bundle.folder) + "/"
            session.ensure_folder(dest)
            for folder in sorted({f.path.rsplit("/", 1)[0] for f in bundle.files if "/" in f.path}):
                session.ensure_folder(join_url(dest, folder) + "/")
            found = session.survey(dest)
            session.take_marker_away(dest, found[MANIFEST])
            wanted = {f"{bundle.folder}/{f.path}" for f in bundle.files}
            for item in context.files_manifest_last():
                context.check_cancel()
                if item.path == MANIFEST:
                    session.remove_stale(dest, wanted)
                session.put_file(dest, item, found[item.path])
            session.check_listing(dest)
        return dest


def answer_problem(response: HttpResponse, where: str) -> DeliveryError:
    """The problem an unexpected answer means, when it is not about one file (login, rights, a server error)."""
    status = response.status
    if status == 401:
        return DeliveryError(
            ProblemKind.CREDENTIALS,
            N_("{where} refused the user name or app password. Check them in the sync settings."),
            where=where,
        )
    if status == 403:
        return DeliveryError(
            ProblemKind.PERMISSION,
            N_("The user may not write to {where}. Ask for write access to that folder."),
            where=where,
        )
    if status == 409:
        return DeliveryError(
            ProblemKind.MISSING,
            N_("The folder {where} does not exist on the server, and the app cannot create it."),
            where=where,
        )
    return DeliveryError(
        ProblemKind.SERVER,
        N_("{where} answered with an error ({status} {reason}). The bundle stays in the outbox."),
        where=where,
        status=status,
        reason=response.reason,
    )


@dataclass(frozen=True)
class Found:
    """A remote file as the survey found it: its SHA-256 and ETag (``sha256`` is ``None`` when absent)."""

    sha256: str | None
    etag: str


class _Session:
    """One delivery's requests, with the answers turned into plain problems."""

    def __init__(self, target: WebDavTarget, client: HttpClient, context: DeliveryContext) -> None:
        self.target = target
        self.client = client
        self.context = context
        self.where = target.describe()

    # -- answers ------------------------------------------------------------------------------------
    def fail(self, response: HttpResponse, path: str = "") -> DeliveryError:
        """The problem an unexpected answer means."""
        status = response.status
        if status in (413, 507):
            size = self.context.bundle.file(path).size if path else self.context.bundle.size
            return too_large(path or self.context.bundle.folder, self.where, size)
        if status == 412:
            return conflict(path, self.where)
        return answer_problem(response, self.where)

    def _key(self, path: str) -> str:
        return f"{self.context.bundle.folder}/{path}"

    # -- folders ------------------------------------------------------------------------------------
    def ensure_folder(self, url: str) -> None:
        """``MKCOL`` ``url``, creating missing parents first (201 created, 405 already there)."""
        pending = [url]
        for _level in range(MAX_LEVELS):
            if not pending:
                return
            current = pending[-1]
            response = self.client.request("MKCOL", current)
            if response.status in (201, 405):
                pending.pop()
                continue
            if response.status == 409:
                parent = current.rstrip("/").rsplit("/", 1)[0] + "/"
                if urlsplit(parent).path in ("", "/") or parent == current:
                    raise self.fail(response)
                pending.append(parent)
                continue
            raise self.fail(response)
        raise DeliveryError(
            ProblemKind.MISSING,
            N_("The folder {where} does not exist on the server, and the app cannot create it."),
            where=self.where,
        )

    def listing(self, url: str) -> dict[str, RemoteEntry]:
        """The folder's files (``PROPFIND``, depth 1)."""
        response = self.client.request(
            "PROPFIND",
            url,
            headers={"Depth": "1", "Content-Type": 'application/xml; charset="utf-8"'},
            body=PROPFIND_BODY,
        )
        if response.status == 404:
            return {}
        if response.status != 207:
            raise self.fail(response)
        return parse_multistatus(response.body, urlsplit(url).path)

    def entry(self, url: str) -> RemoteEntry | None:
        """One file's entry (``PROPFIND``, depth 0), or ``None`` when it is not there."""
        response = self.client.request(
            "PROPFIND",
            url,
            headers={"Depth": "0", "Content-Type": 'application/xml; charset="utf-8"'},
            body=PROPFIND_BODY,
        )
        if response.status == 404:
            return None
        if response.status != 207:
            raise self.fail(response)
        return parse_multistatus(response.body, urlsplit(url).path).get("")

    def get(self, url: str, path: str) -> HttpResponse | None:
        """A file's content (``None`` when it is not there)."""
        response = self.client.request("GET", url)
        if response.status == 404:
            return None
        if response.status != 200:
            raise self.fail(response, path)
        return response

    # -- files --------------------------------------------------------------------------------------
    def survey(self, dest: str) -> dict[str, Found]:
        """Read what is there now (``GET`` and SHA-256 of each file); a conflict before anything is written.

        A file that differs from the bundle is the app's own if the journal says the app wrote that content
        or was writing it when a run stopped; otherwise someone else changed it.
        """
        found: dict[str, Found] = {}
        for item in self.context.bundle.files:
            remote = self.get(join_url(dest, item.path), item.path)
            current = Found(sha256_of(remote.body), remote.header("etag")) if remote else Found(None, "")
            found[item.path] = current
            if current.sha256 is not None and current.sha256 != item.sha256:
                record = self.context.journal.get(self._key(item.path))
                if record is None or not (record.get("writing") or record.get("sha256") == current.sha256):
                    raise conflict(item.path, self.where)
        return found

    def take_marker_away(self, dest: str, marker: Found) -> None:
        """Before changing a complete copy, delete its ``datapackage.json`` (the survey made sure it is ours)."""
        if marker.sha256 is None or marker.sha256 == self.context.bundle.file(MANIFEST).sha256:
            return
        url = join_url(dest, MANIFEST)
        response = self.client.request("DELETE", url, headers={"If-Match": marker.etag} if marker.etag else {})
        if response.status not in (200, 204, 404):
            raise self.fail(response, MANIFEST)
        self.context.journal.delete(self._key(MANIFEST))

    def put_file(self, dest: str, item: BundleFile, current: Found) -> None:
        """Make ``dest/<item.path>`` hold exactly ``item``'s bytes, or say why not."""
        url = join_url(dest, item.path)
        key = self._key(item.path)
        progress = self.context.progress
        if current.sha256 == item.sha256:
            self.context.journal.set(key, {"sha256": item.sha256, "etag": current.etag})
            progress(item.path, item.size, item.size)
            return
        if current.sha256 is None or item.path == MANIFEST:  # a differing marker was deleted before
            condition = {"If-None-Match": "*"}
        else:
            etag = current.etag or (self.entry(url) or RemoteEntry("", "", 0, False)).etag
            condition = {"If-Match": etag} if etag else {}
        record = self.context.journal.get(key) or {"sha256": None}
        self.context.journal.set(key, {**record, "writing": True})
        progress(item.path, 0, item.size)
        self.context.check_cancel()
        done = 0

        def moved(count: int) -> None:
            nonlocal done
            done += count
            progress(item.path, done, item.size)

        response = self.client.request(
            "PUT",
            url,
            headers={"Content-Type": item.mediatype, **condition},
            body=counted(self.context.bundle.chunks(item.path), moved),
            length=item.size,
        )
        if response.status not in (200, 201, 204):
            raise self.fail(response, item.path)
        written = self.get(url, item.path)
        if written is None or sha256_of(written.body) != item.sha256:
            raise verify_failed(item.path, self.where)
        self.context.journal.set(key, {"sha256": item.sha256, "etag": written.header("etag")})

    def remove_stale(self, dest: str, wanted: set[str]) -> None:
        """Delete files an earlier bundle of this name put here that this one no longer has (if unchanged)."""
        prefix = f"{self.context.bundle.folder}/"
        for key in self.context.journal.paths():
            if not key.startswith(prefix) or key in wanted:
                continue
            path = key[len(prefix) :]
            url = join_url(dest, path)
            record = self.context.journal.get(key) or {}
            remote = self.get(url, path)
            if remote is not None and sha256_of(remote.body) == record.get("sha256"):
                etag = remote.header("etag")
                response = self.client.request("DELETE", url, headers={"If-Match": etag} if etag else {})
                if response.status not in (200, 204, 404, 412):
                    raise self.fail(response, path)
            self.context.journal.delete(key)

    def check_listing(self, dest: str) -> None:
        """Every file of the bundle is there with its size (the final ``PROPFIND``)."""
        listings: dict[str, dict[str, RemoteEntry]] = {}
        for item in self.context.bundle.files:
            folder = item.path.rsplit("/", 1)[0] if "/" in item.path else ""
            if folder not in listings:
                url = join_url(dest, folder) + "/" if folder else dest
                listings[folder] = self.listing(url)
            entry = listings[folder].get(item.path.rsplit("/", 1)[-1])
            if entry is None or entry.is_folder or (entry.size and entry.size != item.size):
                raise verify_failed(item.path, self.where)
