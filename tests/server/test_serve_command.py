"""The serve and tickets commands, run as a person would (a real process, Ctrl-C, a printed PDF)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from cocity_workshop.__main__ import main
from cocity_workshop.session import WorkshopSession


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(path: Path, port: int, *extra: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Run ``cocity-workshop serve`` and wait until it prints that it serves; returns its URLs."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cocity_workshop",
            "serve",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8", "LANGUAGE": "en"},
    )
    urls: dict[str, str] = {}
    deadline = time.monotonic() + 20
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        for label in ("Join URL", "Short URL", "Projector URL"):
            if line.startswith(label + ":"):
                urls[label] = line.split()[2]
        if line.startswith("Serving"):
            return process, urls
    process.kill()
    raise AssertionError(f"serve did not start: {process.stderr.read() if process.stderr else ''}")


def test_serve_prints_urls_and_qr_and_stops_cleanly(workshop_path: Path) -> None:
    """serve prints the join URL, short URL and a terminal QR, answers phones, and Ctrl-C closes the file."""
    WorkshopSession.create(workshop_path, title="Served").close()
    port = _free_port()
    process, urls = start_serve(workshop_path, port, "--open-joining")
    try:
        assert urls["Join URL"].startswith(f"http://127.0.0.1:{port}/w/")
        conn = HTTPConnection("127.0.0.1", port, timeout=5)
        path = urls["Join URL"].split("/", 3)[3]
        conn.request("POST", f"/{path}join", body=b"{}", headers=_headers(port))
        assert conn.getresponse().status == 201
        conn.close()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "saved and closed" in out
    assert not Path(str(workshop_path) + "-wal").exists()
    with WorkshopSession.open(workshop_path, readonly=True) as session:
        assert session.joining().joined == 1


def test_serve_with_the_server_in_its_own_process(workshop_path: Path) -> None:
    """``serve --own-process``: a phone joins and votes through the server's own process, Ctrl-C stops both
    processes, and the vote is in the file (committed by serve's one writer)."""
    with WorkshopSession.create(workshop_path, title="Own process") as session:
        ideas = [session.add_idea(f"Idea {n}").id for n in range(2)]
        round_id = session.create_round("Vote", ideas).id
        session.start_round(round_id)
    port = _free_port()
    process, urls = start_serve(workshop_path, port, "--open-joining", "--own-process")
    try:
        conn = HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/" + urls["Join URL"].split("/", 3)[3] + "join", body=b"{}", headers=_headers(port))
        token = json.loads(conn.getresponse().read())["token"]
        ballot = json.dumps({"round": round_id, "dots": {str(ideas[1]): 2}}).encode()
        headers = {**_headers(port), "X-Workshop-Token": token, "Idempotency-Key": "own-process-1"}
        conn.request("POST", "/api/ballot", body=ballot, headers=headers)
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "saved and closed" in out
    with WorkshopSession.open(workshop_path, readonly=True) as session:
        assert {t.idea_id: t.total for t in session.tally(round_id).ideas}[ideas[1]] == 2
    with socket.create_server(("127.0.0.1", port)):  # the server's own process is gone with its port
        pass


def _headers(port: int) -> dict[str, str]:
    return {"Origin": f"http://127.0.0.1:{port}", "X-Workshop-Client": "1", "Content-Type": "application/json"}


def test_serve_prints_what_it_refused_with_advice(workshop_path: Path) -> None:
    """A fourth join from one address is refused and serve says so, with what to do about it."""
    WorkshopSession.create(workshop_path, title="Served").close()
    port = _free_port()
    process, urls = start_serve(workshop_path, port, "--open-joining")
    try:
        path = "/" + urls["Join URL"].split("/", 3)[3] + "join"
        statuses = []
        for _attempt in range(4):
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("POST", path, body=b"{}", headers=_headers(port))
            statuses.append(conn.getresponse().status)
            conn.close()
        assert statuses == [201, 201, 201, 429]
        time.sleep(1.5)  # serve looks at the counts twice a second
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Refused so far:" in out
    assert "1 × Phones share one address: turn on shared-device mode" in out


def test_serve_refuses_a_taken_port(workshop_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A taken port is one clear line and exit code 2."""
    WorkshopSession.create(workshop_path, title="Busy").close()
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", str(workshop_path), "--host", "127.0.0.1", "--port", str(port)]) == 2
    assert f"Port {port} is already in use" in capsys.readouterr().err


def test_tickets_pdf_admits_each_phone_once(workshop_path: Path, tmp_path: Path) -> None:
    """tickets prints single-use QR cards; each decodes to the join URL with its code, which admits one phone."""
    WorkshopSession.create(workshop_path, title="Jednička, tickets").close()
    pdf = tmp_path / "tickets.pdf"
    port = _free_port()
    assert (
        main(["tickets", str(workshop_path), "-n", "12", "-o", str(pdf), "--host", "127.0.0.1", "--port", str(port)])
        == 0
    )
    subprocess.run(["pdftoppm", "-r", "110", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    texts = [b.text for page in pages for b in zxingcpp.read_barcodes(Image.open(page))]
    assert len(texts) == 12 and len(set(texts)) == 12
    assert all(t.startswith(f"http://127.0.0.1:{port}/w/") and "#t=" in t for t in texts)
    with WorkshopSession.open(workshop_path) as session:
        session.set_joining(open=True)
    process, urls = start_serve(workshop_path, port)
    try:
        join = "/" + urls["Join URL"].split("/", 3)[3] + "join"

        def admit(body: dict[str, str]) -> int:
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("POST", join, body=json.dumps(body).encode(), headers=_headers(port))
            status = conn.getresponse().status
            conn.close()
            return status

        code = texts[0].split("#t=")[1]
        assert admit({}) == 409
        assert admit({"ticket": code}) == 201
        assert admit({"ticket": code}) == 409
        assert admit({"ticket": " ".join(texts[1].split("#t=")[1][i : i + 4] for i in range(0, 24, 4))}) == 201
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


@pytest.mark.slow
def test_sigkill_mid_vote_storm_loses_no_saved_ballot(workshop_path: Path) -> None:
    """serve killed with SIGKILL during a vote storm: every ballot a phone was told was saved is there after
    the restart, and the phones carry on with their tokens (no new scan), each counted once."""
    import asyncio
    import random

    import aiohttp

    with WorkshopSession.create(workshop_path, title="Crash") as session:
        ideas = [session.add_idea(f"Idea {n}").id for n in range(5)]
        vote_round = session.create_round("Storm", ideas, dots_per_participant=5, max_per_idea=3)
        session.start_round(vote_round.id)
        session.set_joining(open=True)
        tokens = [session.join().token for _ in range(40)]
    port = _free_port()
    rng = random.Random(7)
    acked: dict[int, dict[str, int]] = {}
    in_flight: dict[int, dict[str, int]] = {}

    def allocation() -> dict[str, int]:
        dots: dict[str, int] = {}
        for _ in range(rng.randint(0, 5)):
            idea = str(rng.choice(ideas))
            if dots.get(idea, 0) < 3:
                dots[idea] = dots.get(idea, 0) + 1
        return dots

    async def storm(stop_after: float, kill: subprocess.Popen[str] | None) -> None:
        deadline = time.monotonic() + stop_after
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:

            async def phone(index: int) -> None:
                count = 0
                while time.monotonic() < deadline and count < 200:
                    count += 1
                    dots = allocation()
                    in_flight[index] = dots
                    try:
                        async with http.post(
                            f"http://127.0.0.1:{port}/api/ballot",
                            json={"round": vote_round.id, "dots": dots},
                            headers={
                                **_headers(port),
                                "X-Workshop-Token": tokens[index],
                                "Idempotency-Key": os.urandom(8).hex(),
                            },
                        ) as reply:
                            if reply.status != 200:
                                return
                            acked[index] = (await reply.json())["dots"]
                            in_flight.pop(index, None)
                    except (aiohttp.ClientError, TimeoutError):
                        return

            async def killer() -> None:
                if kill is not None:
                    await asyncio.sleep(0.8)
                    kill.send_signal(signal.SIGKILL)

            await asyncio.gather(killer(), *(phone(i) for i in range(len(tokens))))

    process, _urls = start_serve(workshop_path, port)
    asyncio.run(storm(10.0, process))
    process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert len(acked) >= 20, "the storm should have saved ballots before the kill"

    process, _urls = start_serve(workshop_path, port)
    try:
        for index, token in enumerate(tokens):
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/state", headers={"X-Workshop-Token": token})
            reply = conn.getresponse()
            assert reply.status == 200  # the phone carries on without scanning again
            mine = json.loads(reply.read())["my_ballot"]
            conn.close()
            stored = mine["dots"] if mine else {}
            allowed = [acked.get(index, {})] + ([in_flight[index]] if index in in_flight else [])
            assert stored in allowed, (index, stored, allowed)
        rng.seed(11)
        acked.clear()
        asyncio.run(storm(0.5, None))
        final = dict(acked)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
    with WorkshopSession.open(workshop_path, readonly=True) as session:
        ballots = session.ballots(vote_round.id)
        assert len({b.participant_id for b in ballots}) == len(ballots) <= len(tokens)
        by_participant = {b.participant_id: {str(k): v for k, v in b.dots.items()} for b in ballots}
        for index, dots in final.items():
            assert by_participant.get(index + 1, {}) == dots
        assert session.check().ok


def test_kill_cycles_with_withdrawn_hidden_and_merged_votes_leave_a_result_that_checks(
    workshop_path: Path, tmp_path: Path
) -> None:
    """Phones vote (some take back every dot) while serve is SIGKILLed and restarted three times; between
    two kills an idea is hidden and another merged. Then check, report, both bundle tiers and verify all
    succeed, and the bundle counts exactly the stored ballots, each the phone's last acknowledged one."""
    import asyncio
    import random

    import aiohttp

    from cocity_workshop.core.model import IdeaStatus
    from cocity_workshop.core.tally import counted_dots

    with WorkshopSession.create(workshop_path, title="Kill cycles") as session:
        ideas = [session.add_idea(f"Idea {n}").id for n in range(6)]
        vote_round = session.create_round("Storm", ideas, dots_per_participant=5, max_per_idea=3)
        session.start_round(vote_round.id)
        session.set_joining(open=True)
        tokens = [session.join().token for _ in range(24)]
    rng = random.Random(13)
    acked: dict[int, dict[str, int]] = {}
    in_flight: dict[int, dict[str, int]] = {}
    answers: Counter[str] = Counter()

    def allocation() -> dict[str, int]:
        dots: dict[str, int] = {}
        for _ in range(rng.choice([0, 0, 1, 3, 5])):  # a third of the ballots are empty: withdrawn
            idea = str(rng.choice(ideas))
            dots[idea] = min(3, dots.get(idea, 0) + 1)
        return dots

    async def storm(port: int, process: subprocess.Popen[str]) -> None:
        deadline = time.monotonic() + 5

        async def phone(index: int) -> None:
            # Each phone from its own loopback address, at a person's pace (the shipped limits apply).
            connector = aiohttp.TCPConnector(local_addr=(f"127.0.13.{index + 1}", 0))
            async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=3)) as http:
                for _ in range(20):
                    if time.monotonic() > deadline:
                        return
                    dots = allocation()
                    in_flight[index] = dots
                    headers = {
                        **_headers(port),
                        "X-Workshop-Token": tokens[index],
                        "Idempotency-Key": os.urandom(8).hex(),
                    }
                    try:
                        async with http.post(
                            f"http://127.0.0.1:{port}/api/ballot",
                            json={"round": vote_round.id, "dots": dots},
                            headers=headers,
                        ) as reply:
                            if reply.status == 200:
                                acked[index] = (await reply.json())["dots"]
                                answers["saved"] += 1
                            else:
                                answers[str(reply.status)] += 1  # a rule (hidden idea, merged cap): nothing stored
                            in_flight.pop(index, None)
                    except (aiohttp.ClientError, TimeoutError):
                        return
                    await asyncio.sleep(0.25 + rng.random() * 0.25)

        async def killer() -> None:
            await asyncio.sleep(0.8 + rng.random() * 0.6)
            process.send_signal(signal.SIGKILL)

        await asyncio.gather(killer(), *(phone(i) for i in range(len(tokens))))

    for cycle in range(3):
        port = _free_port()
        process, _urls = start_serve(workshop_path, port)
        asyncio.run(storm(port, process))
        process.communicate(timeout=10)
        assert process.returncode == -signal.SIGKILL
        with WorkshopSession.open(workshop_path) as session:
            for index, token in enumerate(tokens):  # every acknowledged ballot survived the kill
                mine = session.my_ballot(token, vote_round.id)
                stored = {str(k): v for k, v in mine.dots.items()} if mine else {}
                allowed = [acked.get(index, {})] + ([in_flight[index]] if index in in_flight else [])
                assert stored in allowed, (cycle, index, stored, allowed)
                acked[index] = stored
            in_flight.clear()
            if cycle == 0:  # the facilitator hides one idea and merges another during the round
                session.set_idea_status(ideas[0], IdeaStatus.HIDDEN)
                session.merge_ideas(ideas[1], ideas[2])
            if cycle == 2:
                session.close_round(vote_round.id)
                session.reveal_round(vote_round.id)
    assert answers["saved"] >= 100 and answers["409"] > 0, answers  # saved ones, and some met the new rules
    city, public = tmp_path / "city.zip", tmp_path / "public.zip"
    assert main(["check", str(workshop_path)]) == 0
    assert main(["report", str(workshop_path), "-o", str(tmp_path / "report.pdf")]) == 0
    assert main(["export", str(workshop_path), "--tier", "city", "-o", str(city)]) == 0
    assert main(["export", str(workshop_path), "--tier", "public", "-o", str(public)]) == 0
    assert main(["verify", str(city)]) == 0 and main(["verify", str(public)]) == 0
    voted = [d for d in acked.values() if d]
    expected: dict[int, int] = {}
    for dots in voted:
        for idea, count in counted_dots({int(k): v for k, v in dots.items()}, {ideas[1]: ideas[2]}, 3).items():
            expected[idea] = expected.get(idea, 0) + count
    for bundle in (city, public):
        with zipfile.ZipFile(bundle) as archive:
            event = json.loads(archive.read("results.json"))["vote_events"][0]
        assert event["ballots_cast"] == len(voted)
        assert {c["idea_id"]: c["phone_dots"] for c in event["counts"] if c["phone_dots"]} == {
            k: v for k, v in expected.items() if v
        }


def test_jury_tickets_name_their_jurors_and_lead_to_the_jury(workshop_path: Path, tmp_path: Path) -> None:
    """jury-tickets prints cards numbered after the jurors there are; each QR code opens the phone page with
    its code in the fragment (#j=), and the code makes one phone that juror."""
    with WorkshopSession.create(workshop_path, title="Civic hack", template="hackathon") as session:
        session.create_jury_tickets(2)
    pdf = tmp_path / "jury.pdf"
    port = _free_port()
    args = ["jury-tickets", str(workshop_path), "-n", "3", "-o", str(pdf), "--host", "127.0.0.1", "--port", str(port)]
    assert main(args) == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, timeout=60, capture_output=True, text=True).stdout
    text = " ".join(text.split())  # a heading wraps on the card
    assert all(f"Juror {n} · Civic hack" in text for n in (3, 4, 5)) and "Juror 2" not in text
    subprocess.run(["pdftoppm", "-r", "110", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    urls = [b.text for page in sorted(tmp_path.glob("page-*.png")) for b in zxingcpp.read_barcodes(Image.open(page))]
    assert len(urls) == 3 and all(u.startswith(f"http://127.0.0.1:{port}/w/") and "#j=" in u for u in urls)
    with WorkshopSession.open(workshop_path) as session:
        assert session.join_jury(urls[0].split("#j=")[1]).juror.number in (3, 4, 5)
