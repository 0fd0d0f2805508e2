"""The CKAN target against a real CKAN 2.11 on 127.0.0.1 (PostgreSQL, Redis; Solr is the one stand-in).

Every check reads CKAN back through its API and downloads the resources, comparing SHA-256.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from ckan_server import CkanServer, free_port
from sync_servers import TcpProxy, bundle_files, kill_sync_midway, rewrite_bundle, sha256

from cocity_workshop import __version__
from cocity_workshop.bundle import export_bundle
from cocity_workshop.session import WorkshopSession
from cocity_workshop.sync import FAILED, PENDING, Outbox, parse_settings, read_bundle
from cocity_workshop.sync.errors import DeliveryError
from cocity_workshop.sync.targets.ckan import CkanTarget
from cocity_workshop.sync.targets.ckan_metadata import MIN_CKAN_VERSION, ckan_version

ROOT = Path(__file__).resolve().parents[2]


def ckan_settings(url: str, token: str, prefix: str, organization: str = "city-council") -> str:
    return (
        f'[targets.portal]\ntype = "ckan"\nurl = "{url}"\napi_token = "{token}"\n'
        f'organization = "{organization}"\ndataset_prefix = "{prefix}"\n'
    )


@pytest.fixture
def prefix(request: pytest.FixtureRequest) -> str:
    """A dataset-name prefix of this test's own (one CKAN serves the whole run)."""
    return "t-" + sha256(request.node.nodeid.encode())[:8] + "-"


def dataset(ckan: CkanServer, name: str) -> dict[str, Any]:
    result = ckan.action("package_show", {"id": name})
    assert isinstance(result, dict)
    return result


def assert_published(ckan: CkanServer, name: str, bundle: Path) -> dict[str, Any]:
    """The dataset has exactly one resource per bundle file, each downloading to the bundle's bytes."""
    package = dataset(ckan, name)
    files = bundle_files(bundle)
    names = [r["name"] for r in package["resources"]]
    assert sorted(names) == sorted(files), names
    assert names[-1] == "datapackage.json"
    for resource in package["resources"]:
        assert resource["hash"] == "sha256:" + sha256(files[resource["name"]])
        assert sha256(ckan.download(resource["url"])) == sha256(files[resource["name"]]), resource["name"]
    return package


def test_publishes_dataset_and_changes_nothing_twice(
    ckan: CkanServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str
) -> None:
    """Dataset by name in the organisation, one resource per file, verified by download; a second run writes nothing."""
    outbox = make_outbox(ckan_settings(ckan.url, ckan.admin_token, prefix))
    assert outbox.enqueue(bundles["city"]).deliveries == ()  # the portal takes the public tier only
    queued = outbox.enqueue(bundles["public"])
    report = outbox.sync()
    assert report.ok and len(report.results) == 1, report.results
    name = prefix + queued.name
    assert report.results[0][1].where == f"{ckan.url}/dataset/{name}"
    package = assert_published(ckan, name, bundles["public"])
    assert package["organization"]["name"] == "city-council"
    assert package["title"] == read_bundle(bundles["public"]).title
    assert package["license_id"] == "cc-by"  # the demo keeps the default, CC BY 4.0

    outbox.retry(queued.id)
    assert outbox.sync().ok
    again = dataset(ckan, name)
    assert again["metadata_modified"] == package["metadata_modified"]
    assert [(r["id"], r["last_modified"]) for r in again["resources"]] == [
        (r["id"], r["last_modified"]) for r in package["resources"]
    ]


def test_the_workshops_data_licence_reaches_the_portal(
    ckan: CkanServer,
    make_outbox: Callable[..., Outbox],
    bundles: dict[str, Path],
    demo_file: Path,
    tmp_path: Path,
    prefix: str,
) -> None:
    """The dataset carries the licence chosen on the Prepare tab; choosing another later updates it."""
    outbox = make_outbox(ckan_settings(ckan.url, ckan.admin_token, prefix))
    name = prefix + outbox.enqueue(bundles["public"]).name
    assert outbox.sync().ok
    assert dataset(ckan, name)["license_id"] == "cc-by"
    copy = tmp_path / "odbl.cocity"
    copy.write_bytes(demo_file.read_bytes())
    with WorkshopSession.open(copy) as session:
        session.update_workshop(data_licence="ODbL-1.0")
        export_bundle(session, tmp_path / "odbl.zip", tier="public")
    assert read_bundle(tmp_path / "odbl.zip").licence == "ODC-ODbL-1.0"
    queued = outbox.enqueue(tmp_path / "odbl.zip")
    assert prefix + queued.name == name  # the same dataset, a new delivery (same data, another licence)
    assert outbox.sync().ok
    assert dataset(ckan, name)["license_id"] == "odc-odbl"


def test_changed_file_is_replaced_in_place(
    ckan: CkanServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str
) -> None:
    """A newer bundle: the changed resource keeps its id with the new file; unchanged ones are not touched."""
    outbox = make_outbox(ckan_settings(ckan.url, ckan.admin_token, prefix))
    name = prefix + outbox.enqueue(bundles["public"]).name
    assert outbox.sync().ok
    before = {r["name"]: r for r in dataset(ckan, name)["resources"]}
    outbox.enqueue(bundles["public2"])
    assert outbox.sync().ok
    after = {r["name"]: r for r in assert_published(ckan, name, bundles["public2"])["resources"]}
    assert {n: r["id"] for n, r in after.items()} == {n: r["id"] for n, r in before.items()}
    changed = {n for n in after if after[n]["last_modified"] != before[n]["last_modified"]}
    assert changed == {"results.csv", "datapackage.json"}


def test_killed_mid_upload_resumes_without_duplicates(
    ckan: CkanServer,
    make_outbox: Callable[..., Outbox],
    bundles: dict[str, Path],
    prefix: str,
    proxy: Callable[..., TcpProxy],
    cli_env: dict[str, str],
) -> None:
    """`cocity-workshop sync` SIGKILLed during a slow upload; the next run completes with one resource per file."""
    slow = proxy(ckan.port, rate=40_000)
    outbox = make_outbox(ckan_settings(f"http://127.0.0.1:{slow.port}", ckan.admin_token, prefix))
    name = prefix + outbox.enqueue(bundles["public"]).name
    kill_sync_midway(slow, cli_env, ROOT, after_bytes=60_000, timeout=90)
    time.sleep(0.5)
    partial = [r["name"] for r in dataset(ckan, name)["resources"]]
    assert "datapackage.json" not in partial and len(partial) < len(bundle_files(bundles["public"]))

    slow.rate = None
    assert outbox.sync().ok
    assert_published(ckan, name, bundles["public"])


def test_wrong_token_stays_pending(
    ckan: CkanServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str
) -> None:
    """CKAN takes a wrong token for an anonymous visitor; the app still says plainly that the token is wrong."""
    outbox = make_outbox(ckan_settings(ckan.url, "not-a-token", prefix))
    queued = outbox.enqueue(bundles["public"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == PENDING and delivery.problem_kind == "credentials"
    assert "did not accept the API token" in delivery.problem
    with pytest.raises(RuntimeError, match="404"):
        dataset(ckan, prefix + queued.name)


def test_unreachable_portal_stays_pending(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str
) -> None:
    """Nothing listens: "cannot reach", pending."""
    outbox = make_outbox(ckan_settings(f"http://127.0.0.1:{free_port()}", "token", prefix))
    outbox.enqueue(bundles["public"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == PENDING and delivery.problem_kind == "unreachable"
    assert "Cannot reach 127.0.0.1" in delivery.problem


def test_user_without_rights_in_the_organisation(
    ckan: CkanServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str
) -> None:
    """A valid token whose user is not an editor of the organisation: a permission problem, nothing created."""
    user = f"visitor{prefix.strip('-').replace('-', '')}"
    ckan.action("user_create", {"name": user, "email": f"{user}@example.org", "password": "Visitor-password-1"})
    token = ckan.action("api_token_create", {"user": user, "name": "sync"})
    assert isinstance(token, dict)
    outbox = make_outbox(ckan_settings(ckan.url, token["token"], prefix))
    queued = outbox.enqueue(bundles["public"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "permission"
    assert user in delivery.problem and "city-council" in delivery.problem
    with pytest.raises(RuntimeError, match="404"):
        dataset(ckan, prefix + queued.name)


def test_missing_organisation(
    ckan: CkanServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str
) -> None:
    """An organisation that does not exist is named in the message."""
    outbox = make_outbox(ckan_settings(ckan.url, ckan.admin_token, prefix, organization="no-such-office"))
    outbox.enqueue(bundles["public"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.problem_kind == "missing" and "no-such-office" in delivery.problem


def test_file_too_large_for_the_portal(
    ckan: CkanServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str, tmp_path: Path
) -> None:
    """A 3 MB file against the portal's 2 MB limit: "too large", naming the file; the delivery fails."""
    big = rewrite_bundle(bundles["public"], tmp_path / "big.zip", {"photos.bin": os.urandom(3_000_000)})
    outbox = make_outbox(ckan_settings(ckan.url, ckan.admin_token, prefix))
    outbox.enqueue(big)
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "too_large"
    assert "photos.bin (3.0 MB) is too large" in delivery.problem


def test_resource_changed_on_the_portal_is_a_conflict(
    ckan: CkanServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str
) -> None:
    """Someone replaced a resource on the portal after the app published it: the newer bundle does not overwrite it."""
    outbox = make_outbox(ckan_settings(ckan.url, ckan.admin_token, prefix))
    name = prefix + outbox.enqueue(bundles["public"]).name
    assert outbox.sync().ok
    resource = next(r for r in dataset(ckan, name)["resources"] if r["name"] == "results.csv")
    ckan.action("resource_patch", {"id": resource["id"], "hash": "sha256:" + "0" * 64, "description": "edited"})
    before = dataset(ckan, name)
    outbox.enqueue(bundles["public2"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "conflict" and "results.csv" in delivery.problem
    assert dataset(ckan, name)["metadata_modified"] == before["metadata_modified"]  # nothing was uploaded
    after = next(r for r in dataset(ckan, name)["resources"] if r["name"] == "results.csv")
    assert after["hash"] == "sha256:" + "0" * 64
    assert sha256(ckan.download(after["url"])) == sha256(bundle_files(bundles["public"])["results.csv"])


def test_the_dataset_says_what_the_bundle_says(
    ckan: CkanServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], prefix: str
) -> None:
    """Tags (what it is, the city, the themes), author, maintainer and contact, the workshop's page, the
    version, extras (place, date, fingerprint, app version) and each file's description reach the portal."""
    outbox = make_outbox(ckan_settings(ckan.url, ckan.admin_token, prefix))
    name = prefix + outbox.enqueue(bundles["public"]).name
    assert outbox.sync().ok
    package = dataset(ckan, name)
    manifest = json.loads(bundle_files(bundles["public"])["datapackage.json"])
    tags = [t["name"] for t in package["tags"]]
    assert sorted(tags) == sorted(
        ["co-creation workshop", "dot voting", "Plzeň", "Prostory", "Finance", "Mentoring", "Propagace"]
    )
    assert package["author"] == "; ".join(c["title"] for c in manifest["contributors"] if c["roles"] == ["publisher"])
    assert package["maintainer"] == "Statutární město Plzeň"
    assert package["maintainer_email"] == "poverenec@plzen.example"
    assert package["url"] == "https://plzen.example/mladi-podnikatele"
    assert package["version"] == manifest["version"]
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras == {
        "place": "DEPO2015, Presslova 14, Plzeň",
        "workshop_date": "2026-11-14",
        "fingerprint": manifest["cocity"]["fingerprint"],
        "app_version": __version__,
        "data_protection_contact": "Pověřenec pro ochranu osobních údajů, poverenec@plzen.example",
    }
    described = {r["path"]: r.get("description", "") for r in manifest["resources"]}
    assert {r["name"]: r["description"] for r in package["resources"] if r["name"] != "datapackage.json"} == described


def test_an_update_reads_the_dataset_first_and_keeps_the_portals_own(
    ckan: CkanServer,
    make_outbox: Callable[..., Outbox],
    bundles: dict[str, Path],
    demo_file: Path,
    tmp_path: Path,
    prefix: str,
) -> None:
    """A tag and an extra an editor added on the portal stay when a bundle with a new theme and page arrives;
    the new theme is added, the page replaced, and the changed description of a file patched in place."""
    outbox = make_outbox(ckan_settings(ckan.url, ckan.admin_token, prefix))
    name = prefix + outbox.enqueue(bundles["public"]).name
    assert outbox.sync().ok
    package = dataset(ckan, name)
    ckan.action(
        "package_patch",
        {
            "id": package["id"],
            "tags": [*({"name": t["name"]} for t in package["tags"]), {"name": "harvested"}],
            "extras": [*package["extras"], {"key": "editor_note", "value": "checked by the portal team"}],
        },
    )
    ideas = next(r for r in package["resources"] if r["name"] == "ideas.csv")
    ckan.action("resource_patch", {"id": ideas["id"], "description": "An editor's words"})
    copy = tmp_path / "themes.cocity"
    copy.write_bytes(demo_file.read_bytes())
    with WorkshopSession.open(copy) as session:
        themes = session.workshop().themes
        session.update_workshop(themes=(*themes, "Bydlení, práce & sítě"), web_page="https://plzen.example/nova")
        export_bundle(session, tmp_path / "themes.zip", tier="public")
    queued = outbox.enqueue(tmp_path / "themes.zip")
    assert prefix + queued.name == name and queued.deliveries  # a change to what the portal shows goes out again
    assert outbox.sync().ok
    after = dataset(ckan, name)
    tags = {t["name"] for t in after["tags"]}
    assert {"harvested", "Bydlení práce sítě", "Prostory"} <= tags
    assert {e["key"]: e["value"] for e in after["extras"]}["editor_note"] == "checked by the portal team"
    assert after["url"] == "https://plzen.example/nova"
    patched = next(r for r in after["resources"] if r["name"] == "ideas.csv")
    assert patched["id"] == ideas["id"] and patched["description"].startswith("One row per idea shown to the room")
    assert patched["last_modified"] == ideas["last_modified"]  # the same file: described again, not uploaded


class _OldPortal(BaseHTTPRequestHandler):
    """A stand-in for a CKAN that is not 2.10 or later: ``status_show`` says its version, the rest refuses."""

    version: str | None = "2.9.11"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.version is None:  # not a CKAN at all
            self._send(404, b"<html>Not found</html>", "text/html")
        elif self.path.endswith("/status_show"):
            body = {"success": True, "result": {"ckan_version": self.version, "site_title": "Old portal"}}
            self._send(200, json.dumps(body).encode(), "application/json")
        else:  # what an old portal answers a token it does not know
            error = {"success": False, "error": {"__type": "Authorization Error", "message": "Access denied"}}
            self._send(403, json.dumps(error).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def old_portal() -> Iterator[Callable[[str | None], str]]:
    """Start stand-in portals on 127.0.0.1 answering as a CKAN of the given version (``None``: not a CKAN)."""
    servers: list[ThreadingHTTPServer] = []

    def start(version: str | None) -> str:
        handler = type("Portal", (_OldPortal,), {"version": version})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("version", "expected"),
    [("2.9.11", "runs CKAN 2.9.11, which is too old"), (None, "does not answer as a CKAN portal")],
)
def test_a_portal_older_than_2_10_is_told_so(
    old_portal: Callable[[str | None], str],
    make_outbox: Callable[..., Outbox],
    bundles: dict[str, Path],
    prefix: str,
    version: str | None,
    expected: str,
) -> None:
    """Not "the API token was refused": the portal's version (or that it is no CKAN) is named, nothing is sent."""
    url = old_portal(version)
    outbox = make_outbox(ckan_settings(url, "a-valid-token", prefix))
    outbox.enqueue(bundles["public"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "settings"
    assert expected in delivery.problem and "API token" not in delivery.problem
    with pytest.raises(DeliveryError, match=expected.split(",")[0]):
        CkanTarget(parse_settings(ckan_settings(url, "a-valid-token", prefix)).targets[0]).check()


def test_the_real_portal_passes_the_version_check(ckan: CkanServer) -> None:
    """CKAN 2.11 is new enough; the check reads its version from status_show."""
    assert ckan_version(str(ckan.action("status_show")["ckan_version"])) >= MIN_CKAN_VERSION  # type: ignore[index]
