"""Delivery to a CKAN open-data portal (Action API v3), public tier only.

- ``status_show`` first reads the portal's CKAN version: one older than 2.10 gets a message saying so.
- The API token goes in the ``Authorization`` header; ``user_show`` without an id first checks it (CKAN
  treats a wrong token as an anonymous visitor, so the later "not authorized" would not say why).
- The dataset is upserted by ``name``: ``package_show``, then ``package_create`` or, only for what changed,
  ``package_patch``. What it says (licence, version, author, maintainer, tags, extras) comes from the
  bundle's descriptor (``ckan_metadata``); tags and extras added on the portal are kept.
- Resources are matched by ``name`` (the file's path in the bundle) and carry ``hash: "sha256:<hex>"`` and
  the descriptor's ``description``: an unchanged file is skipped (its description patched if it changed), a
  changed one replaced in place with ``resource_patch`` and ``upload``, a new one added with
  ``resource_create``. ``datapackage.json`` goes last.
- Every resource is downloaded again and its SHA-256 compared with the bundle's.

CKAN itself is the journal for resuming: after a crash, resources already there are found by name and
hash, so nothing is created twice. The app's own journal remembers each resource's hash, so a resource
someone else replaced on the portal is reported as a conflict instead of being overwritten.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

from cocity_workshop.i18n import N_, _
from cocity_workshop.sync.bundlefile import BundleFile
from cocity_workshop.sync.errors import DeliveryError, ProblemKind
from cocity_workshop.sync.http import HttpClient, HttpResponse, counted, join_url
from cocity_workshop.sync.targets.base import DeliveryContext, Target, conflict, sha256_of, too_large, verify_failed
from cocity_workshop.sync.targets.ckan_metadata import MIN_CKAN_VERSION, ckan_version, dataset_changes, wanted_dataset

_NOT_NAME = re.compile(r"[^a-z0-9_-]+")


def dataset_name(prefix: str, bundle_name: str) -> str:
    """A CKAN dataset name: lowercase ASCII letters, digits, ``-`` and ``_``, 2 to 100 characters."""
    name = _NOT_NAME.sub("-", f"{prefix}{bundle_name}".lower()).strip("-")
    return (name[:100].rstrip("-") or "cocity-workshop").ljust(2, "-")


def file_format(item: BundleFile) -> str:
    """CKAN's ``format`` for a file: its extension in capitals ("CSV", "PDF", "JSON")."""
    return item.path.rsplit(".", 1)[-1].upper() if "." in item.path else ""


class _NotFound(Exception):
    pass


class CkanTarget(Target):
    """A CKAN portal (``url``), an ``api_token`` and the ``organization`` that owns the dataset."""

    def describe(self) -> str:
        return self.settings.text("url")

    def dataset_url(self, name: str) -> str:
        """The dataset's page on the portal."""
        return join_url(self.settings.text("url"), "dataset", name)

    def _client(self) -> HttpClient:
        return HttpClient(
            self.settings.text("url"),
            authorization=self.settings.text("api_token"),
            ca_file=self.settings.text("ca_file") or None,
            timeout=self.settings.timeout(),
        )

    def check(self) -> str:
        """Who the token belongs to, and whether that user may publish for the organisation; nothing is created."""
        with self._client() as client:
            api = _Api(self, client)
            api.check_version()
            user = api.whoami()
            api.check_organization(user)
        return _("{where} accepted the API token of {user}, who may publish datasets for {organization}.").format(
            where=self.describe(), user=str(user.get("name")), organization=self.settings.text("organization")
        )

    def deliver(self, context: DeliveryContext) -> str:
        if context.bundle.tier != "public":
            raise DeliveryError(
                ProblemKind.SETTINGS,
                N_("{where} is an open-data portal: it takes the public bundle only."),
                where=self.describe(),
            )
        with self._client() as client:
            portal = _Portal(self, client, context)
            portal.check_version()
            user = portal.whoami()
            organization = portal.check_organization(user)
            name = dataset_name(self.settings.text("dataset_prefix"), context.bundle.name)
            package = portal.upsert_dataset(name, organization)
            portal.join_programme(package)
            portal.survey(package)
            for item in context.files_manifest_last():
                context.check_cancel()
                package = portal.upsert_resource(package, item)
        return self.dataset_url(name)


class _Api:
    """Calls to the portal's Action API, with CKAN's answers turned into plain problems."""

    def __init__(self, target: CkanTarget, client: HttpClient) -> None:
        self.target = target
        self.client = client
        self.where = target.describe()
        self.base = target.settings.text("url")

    def _server_error(self, response: HttpResponse) -> DeliveryError:
        """The problem for an answer that is an error and says nothing more useful."""
        return DeliveryError(
            ProblemKind.SERVER,
            N_("{where} answered with an error ({status} {reason}). The bundle stays in the outbox."),
            where=self.where,
            status=response.status,
            reason=response.reason,
        )

    def _too_large(self, path: str, response: HttpResponse) -> DeliveryError:
        """The problem for an answer that says the request was too large (a delivery names the file)."""
        return self._server_error(response)

    # -- calling actions ----------------------------------------------------------------------------
    def _answer(self, action: str, response: HttpResponse, path: str = "") -> Any:
        try:
            payload = json.loads(response.body) if response.body else {}
        except ValueError:
            payload = {}
        if not isinstance(payload, dict):
            payload = {}
        if response.status == 200 and payload.get("success"):
            return payload.get("result")
        error: dict[str, Any] = payload["error"] if isinstance(payload.get("error"), dict) else {}
        kind = str(error.get("__type", ""))
        if response.status == 404 or kind == "Not Found Error":
            raise _NotFound
        if response.status == 413 or "too large" in json.dumps(error.get("upload", "")).lower():
            raise self._too_large(path, response)
        if response.status == 403 or kind == "Authorization Error":
            raise DeliveryError(
                ProblemKind.PERMISSION,
                N_("The portal user may not do this at {where} ({action}): ask for editor rights in the organisation."),
                where=self.where,
                action=action,
            )
        if response.status == 409 or kind == "Validation Error":
            details = {k: v for k, v in error.items() if k != "__type"}
            raise DeliveryError(
                ProblemKind.SETTINGS,
                N_("The portal {where} refused the dataset: {details}"),
                where=self.where,
                details=json.dumps(details, ensure_ascii=False)[:300],
            )
        raise self._server_error(response)

    def action(self, action: str, data: Mapping[str, Any]) -> Any:
        """Call ``action`` with a JSON body; its ``result``."""
        response = self.client.request(
            "POST",
            join_url(self.base, "api/3/action", action),
            headers={"Content-Type": "application/json"},
            body=json.dumps(data).encode("utf-8"),
        )
        return self._answer(action, response)

    # -- steps --------------------------------------------------------------------------------------
    def check_version(self) -> str:
        """The portal's CKAN version (``status_show``); an older one than 2.10 is a plain "settings" problem.

        Asked before the token: an old CKAN refuses the token in a way that would read as a wrong one.
        """
        try:
            status = self.action("status_show", {})
        except _NotFound:
            status = None
        found = str(status.get("ckan_version") or "") if isinstance(status, dict) else ""
        version = ckan_version(found)
        if version is None:
            raise DeliveryError(
                ProblemKind.SETTINGS,
                N_("{where} does not answer as a CKAN portal does. Check the address in the sync settings."),
                where=self.where,
            )
        if version < MIN_CKAN_VERSION:
            raise DeliveryError(
                ProblemKind.SETTINGS,
                N_(
                    "{where} runs CKAN {version}, which is too old: the app publishes to CKAN 2.10 or later. "
                    "Ask the portal's administrators to update it, or deliver the bundle another way."
                ),
                where=self.where,
                version=found,
            )
        return found

    def whoami(self) -> dict[str, Any]:
        """The portal user the token belongs to (a wrong token is a plain "credentials" problem)."""
        try:
            user = self.action("user_show", {})
        except (_NotFound, DeliveryError) as error:
            if isinstance(error, DeliveryError) and error.kind not in (ProblemKind.PERMISSION,):
                raise
            raise DeliveryError(
                ProblemKind.CREDENTIALS,
                N_("{where} did not accept the API token. Check it in the sync settings (it may have expired)."),
                where=self.where,
            ) from None
        if not isinstance(user, dict) or not user.get("name"):
            raise DeliveryError(
                ProblemKind.CREDENTIALS,
                N_("{where} did not accept the API token. Check it in the sync settings (it may have expired)."),
                where=self.where,
            )
        return user

    def check_organization(self, user: Mapping[str, Any]) -> str:
        """The id of the configured organisation, if the user may publish there."""
        wanted = self.target.settings.text("organization")
        allowed = self.action("organization_list_for_user", {"permission": "create_dataset"}) or []
        for organization in allowed:
            if wanted in (organization.get("name"), organization.get("id")):
                return str(organization["id"])
        try:
            self.action("organization_show", {"id": wanted, "include_datasets": False})
        except _NotFound:
            raise DeliveryError(
                ProblemKind.MISSING,
                N_("The organisation {organization} does not exist on {where}. Check the sync settings."),
                organization=wanted,
                where=self.where,
            ) from None
        raise DeliveryError(
            ProblemKind.PERMISSION,
            N_("The portal user {user} may not publish datasets for {organization} at {where}."),
            user=str(user.get("name")),
            organization=wanted,
            where=self.where,
        )


class _Portal(_Api):
    """One delivery's API calls: the dataset and its resources, uploaded with progress."""

    def __init__(self, target: CkanTarget, client: HttpClient, context: DeliveryContext) -> None:
        super().__init__(target, client)
        self.context = context

    def _too_large(self, path: str, response: HttpResponse) -> DeliveryError:
        size = self.context.bundle.file(path).size if path else self.context.bundle.size
        return too_large(path or self.context.bundle.name, self.where, size)

    def upload(self, action: str, fields: Mapping[str, str], item: BundleFile) -> Any:
        """Call ``action`` with ``fields`` and the file as ``upload`` (multipart/form-data), streamed."""
        boundary = "cocity-" + secrets.token_hex(16)
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in fields.items()
        )
        filename = item.name.replace('"', "")
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; filename="{filename}"\r\n'
            f"Content-Type: {item.mediatype}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        done = 0

        def moved(count: int) -> None:
            nonlocal done
            done = min(done + count, item.size)
            self.context.progress(item.path, done, item.size)

        def body() -> Iterator[bytes]:
            yield head
            yield from counted(self.context.bundle.chunks(item.path), moved)
            yield tail

        self.context.progress(item.path, 0, item.size)
        response = self.client.request(
            "POST",
            join_url(self.base, "api/3/action", action),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            body=body(),
            length=len(head) + item.size + len(tail),
        )
        return self._answer(action, response, item.path)

    def upsert_dataset(self, name: str, organization: str) -> dict[str, Any]:
        """The dataset ``name``, created or brought up to date (read first, only what differs is patched)."""
        bundle = self.context.bundle
        try:
            package: dict[str, Any] = self.action("package_show", {"id": name})
        except _NotFound:
            created: dict[str, Any] = self.action(
                "package_create",
                {
                    "name": name,
                    "owner_org": organization,
                    "private": bool(self.target.settings.get("private", False)),
                    **wanted_dataset(bundle),
                },
            )
            return created
        changes = dataset_changes(package, bundle)
        if package.get("state") == "deleted":
            changes["state"] = "active"
        if changes:
            package = self.action("package_patch", {"id": package["id"], **changes})
        return package

    def join_programme(self, package: Mapping[str, Any]) -> None:
        """Put the dataset in the CKAN group ``programme_group`` (made if missing), when the settings name one:
        the group gathers a programme's workshops and events (decision 0052)."""
        group = self.target.settings.text("programme_group")
        if not group or any(group in (g.get("name"), g.get("id")) for g in package.get("groups", []) or []):
            return
        try:
            self.action("group_show", {"id": group, "include_datasets": False})
        except _NotFound:
            self.action("group_create", {"name": dataset_name("", group), "title": group})
        self.action(
            "member_create",
            {"id": dataset_name("", group), "object": package["id"], "object_type": "package", "capacity": "public"},
        )

    def survey(self, package: Mapping[str, Any]) -> None:
        """A conflict before anything is uploaded: a resource someone replaced since the app published it."""
        for item in self.context.bundle.files:
            record = self.context.journal.get(f"{package['name']}/{item.path}")
            existing = next((r for r in package.get("resources", []) if r.get("name") == item.path), None)
            if record is None or existing is None:
                continue
            if existing.get("hash") not in (record.get("hash"), f"sha256:{item.sha256}"):
                raise conflict(item.path, self.target.dataset_url(package["name"]))

    def upsert_resource(self, package: dict[str, Any], item: BundleFile) -> dict[str, Any]:
        """Make the resource named ``item.path`` hold exactly that file; the package as it is now."""
        key = f"{package['name']}/{item.path}"
        wanted_hash = f"sha256:{item.sha256}"
        resources = [r for r in package.get("resources", []) if r.get("name") == item.path]
        existing = resources[0] if resources else None
        fields = {
            "name": item.path,
            "format": file_format(item),
            "mimetype": item.mediatype,
            "hash": wanted_hash,
            "description": item.description,
        }
        if existing is not None and existing.get("hash") == wanted_hash and self._matches(existing, item):
            self.context.journal.set(key, {"id": existing["id"], "hash": wanted_hash})
            self.context.progress(item.path, item.size, item.size)
            if (existing.get("description") or "") == item.description:
                return package
            self.action("resource_patch", {"id": existing["id"], "description": item.description})
            refreshed_package: dict[str, Any] = self.action("package_show", {"id": package["id"]})
            return refreshed_package
        if existing is not None:
            record = self.context.journal.get(key)
            if record is not None and existing.get("hash") not in (record.get("hash"), wanted_hash):
                raise conflict(item.path, self.target.dataset_url(package["name"]))
            resource = self.upload("resource_patch", {"id": existing["id"], **fields}, item)
        else:
            resource = self.upload("resource_create", {"package_id": package["id"], **fields}, item)
        if not self._matches(resource, item):
            raise verify_failed(item.path, self.target.dataset_url(package["name"]))
        self.context.journal.set(key, {"id": resource["id"], "hash": wanted_hash})
        refreshed: dict[str, Any] = self.action("package_show", {"id": package["id"]})
        return refreshed

    def _matches(self, resource: Mapping[str, Any], item: BundleFile) -> bool:
        """Download the resource and compare its SHA-256 with the bundle's."""
        url = str(resource.get("url") or "")
        if not url or resource.get("url_type") != "upload":
            return False
        response = self.client.request("GET", url)
        if response.status in (301, 302, 303, 307, 308) and response.header("location"):
            response = self.client.request("GET", response.header("location"))
        if response.status != 200:
            return False
        return sha256_of(response.body) == item.sha256
