"""One event from rooms to the city's portal (#20): three room files served at once on three loopback ports,
phones joining with event-wide tickets and voting over HTTP in each, every room exported, merged, verified, and
delivered to the real CKAN (one dataset, a resource per room, in the programme's group) and to a folder and a
WebDAV server (one folder per event, a folder per tier in it)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ckan_server import CkanServer
from sync_servers import WEBDAV_PASSWORD, WEBDAV_USER, WebDavServer, bundle_files, sha256, tree
from test_sync_webdav import dav_settings

from cocity_workshop.bundle import export_bundle, verify_bundle
from cocity_workshop.bundle.event_merge import EventMergeResult, merge_event
from cocity_workshop.server import Limits, ParticipantServer
from cocity_workshop.session import WorkshopSession
from cocity_workshop.sync import Outbox, read_bundle

WIDE = Limits(requests_per_address=100_000, writes_per_participant=1000, joins_per_address=100_000)
ROOMS = ("Hall A", "Hall B", "Hall C")
#: Tickets each room's phones join with: ticket 4 is used in Hall A and again in Hall C.
TICKETS = {"Hall A": [0, 1, 2, 3, 4], "Hall B": [5, 6, 7, 8, 9, 10], "Hall C": [11, 12, 13, 14, 4]}


@dataclass(frozen=True)
class Event:
    """The merged event: its result, both bundles and the rooms' names by room id."""

    merged: EventMergeResult
    public: Path
    names: dict[str, str]


def _post(port: int, path: str, body: dict[str, Any], token: str = "", key: str = "") -> dict[str, Any]:
    """A request as the phone page sends it; the answer's JSON (2xx only)."""
    headers = {"X-Workshop-Client": "1", "Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"}
    if token:
        headers["X-Workshop-Token"] = token
    if key:
        headers["Idempotency-Key"] = key
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", path, body=json.dumps(body).encode(), headers=headers)
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    assert 200 <= response.status < 300, (response.status, data)
    answer: dict[str, Any] = json.loads(data)
    return answer


@pytest.fixture(scope="module")
def event(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Event]:
    """Prepare, run the three rooms at once over HTTP, export, merge."""
    folder = tmp_path_factory.mktemp("event")
    path = folder / "event.cocity"
    with WorkshopSession.create(path, title="Mobility week", city="Plzeň", date="2026-05-04") as prepared:
        prepared.make_event()
        ideas = [prepared.add_idea(t).id for t in ("Bike lane", "Night bus", "Tram stop")]
        prepared.create_round("Shortlist", ideas, dots_per_participant=2, max_per_idea=2)
        codes = prepared.create_event_tickets(15)
        for name in ROOMS:
            prepared.make_room(name, folder / f"{name}.cocity")
    sessions = [WorkshopSession.open(folder / f"{name}.cocity") for name in ROOMS]
    servers = [ParticipantServer(s, "127.0.0.1", 0, limits=WIDE) for s in sessions]
    try:
        for session, server in zip(sessions, servers, strict=True):
            session.set_joining(open=True)
            session.start_round(session.rounds()[0].id)
            server.start()
        assert len({s.port for s in servers}) == 3  # three rooms served at once
        for number, (name, server) in enumerate(zip(ROOMS, servers, strict=True)):
            join = "/" + server.join_url.split("/", 3)[3] + "join"
            round_id = sessions[number].rounds()[0].id
            for index in TICKETS[name]:
                typed = " ".join(codes[index][i : i + 4] for i in range(0, 16, 4))
                token = _post(server.port, join, {"ticket": typed})["token"]
                dots = {str(ideas[number]): 2}  # each room favours "its" idea
                _post(server.port, "/api/ballot", {"round": round_id, "dots": dots}, token, f"k-{name}-{index}")
    finally:
        for server in servers:
            server.stop()
    city, public = [], []
    for session, name in zip(sessions, ROOMS, strict=True):
        session.close_round(session.rounds()[0].id)
        city.append(export_bundle(session, folder / f"{name}-city.zip", tier="city").path)
        public.append(export_bundle(session, folder / f"{name}-public.zip", tier="public").path)
        session.close()
    with WorkshopSession.open(path, readonly=True) as opened:
        merged = merge_event(opened, [*public, *city], folder / "event.zip", public_path=folder / "event-public.zip")
    assert merged.public is not None
    yield Event(merged, merged.public, {r.room_id: r.name for r in merged.result.rooms})


def test_the_rooms_merge_and_verify_with_a_ticket_counted_once(event: Event) -> None:
    """Every ballot cast over HTTP arrived; ticket 4 (Hall A, then Hall C) counts once, in Hall A."""
    result = event.merged.result
    assert [r.participants for r in result.rooms] == [5, 6, 5]
    (tally,) = result.shared
    assert (tally.ballots, tally.not_counted) == (15, 1)
    assert {c.title: c.phone_dots for c in tally.ideas} == {"Bike lane": 10, "Night bus": 12, "Tram stop": 8}
    (once,) = result.counted_once
    assert event.names[once.counted_in] == "Hall A" and [event.names[r] for r in once.not_counted_in] == ["Hall C"]
    assert verify_bundle(event.merged.path).ok and verify_bundle(event.public).ok


def test_the_public_event_goes_to_ckan_as_one_dataset_with_a_resource_per_room(
    event: Event, ckan: CkanServer, make_outbox: Callable[..., Outbox], prefix: str
) -> None:
    """One dataset in the organisation and the programme's group, each file a resource (a room's bundle each),
    downloads equal to the bundle; the city's event bundle is not for the portal; a second sync writes nothing."""
    group = prefix + "programme"
    settings = (
        f'[targets.portal]\ntype = "ckan"\nurl = "{ckan.url}"\napi_token = "{ckan.admin_token}"\n'
        f'organization = "city-council"\ndataset_prefix = "{prefix}"\nprogramme_group = "{group}"\n'
    )
    outbox = make_outbox(settings)
    assert outbox.enqueue(event.merged.path).deliveries == ()
    queued = outbox.enqueue(event.public)
    report = outbox.sync()
    assert report.ok, report.results
    package = ckan.action("package_show", {"id": prefix + queued.name})
    assert isinstance(package, dict)
    files = bundle_files(event.public)
    resources = {r["name"]: r for r in package["resources"]}
    assert sorted(resources) == sorted(files)
    rooms = [name for name in resources if name.startswith("rooms/")]
    assert len(rooms) == 3
    for name in rooms:
        room_id = name.removeprefix("rooms/").removesuffix(".zip")
        assert event.names[room_id] in resources[name]["description"]
    for resource in package["resources"]:
        assert sha256(ckan.download(resource["url"])) == sha256(files[resource["name"]]), resource["name"]
    assert [g["name"] for g in package["groups"]] == [group]
    assert dict((e["key"], e["value"]) for e in package["extras"])["fingerprint"] == event.merged.result.fingerprint

    outbox.retry(queued.id)
    assert outbox.sync().ok
    again = ckan.action("package_show", {"id": prefix + queued.name})
    assert isinstance(again, dict) and again["metadata_modified"] == package["metadata_modified"]


@pytest.fixture
def prefix(request: pytest.FixtureRequest) -> str:
    """A dataset-name prefix of this test's own (one CKAN serves the whole run)."""
    return "t-" + sha256(request.node.nodeid.encode())[:8] + "-"


def test_a_folder_and_webdav_get_one_folder_per_event(
    event: Event, webdav: WebDavServer, make_outbox: Callable[..., Outbox], tmp_path: Path
) -> None:
    """Both tiers of the event (a target for each) go to ``<event>/city`` and ``<event>/public``, each a complete
    copy with the rooms' bundles under ``rooms/``."""
    usb = tmp_path / "usb"
    usb.mkdir()
    settings = (
        f'[targets.usb]\ntype = "folder"\npath = "{usb}"\n'
        f'[targets.usb-open]\ntype = "folder"\npath = "{usb}"\ntier = "public"\n'
        + dav_settings(f"{webdav.url}/dav/events")
        + f'[targets.cloud-open]\ntype = "webdav"\nurl = "{webdav.url}/dav/events"\nusername = "{WEBDAV_USER}"\n'
        f'app_password = "{WEBDAV_PASSWORD}"\ntier = "public"\n'
    )
    outbox = make_outbox(settings)
    for bundle in (event.merged.path, event.public):
        outbox.enqueue(bundle)
    report = outbox.sync()
    assert report.ok, report.results
    city, public = read_bundle(event.merged.path), read_bundle(event.public)
    assert city.folder.split("/")[0] == public.folder.split("/")[0]
    (event_folder,) = [p.name for p in usb.iterdir()]
    for root in (usb, webdav.root / "events"):
        assert sorted(p.name for p in (root / event_folder).iterdir()) == ["city", "public"]
        for tier, bundle in (("city", event.merged.path), ("public", event.public)):
            copied = tree(root / event_folder / tier)
            assert copied == {name: sha256(data) for name, data in bundle_files(bundle).items()}
            assert sum(1 for name in copied if name.startswith("rooms/")) == 3
