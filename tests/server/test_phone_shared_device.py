"""Shared-device mode in real Chromium at phone size: vote, "Next person", the next person joins and votes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, Watched, browser, phone_context

__all__ = ["browser", "phone_context"]  # the fixtures, shared with the other browser tests

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def shipped(open_session: WorkshopSession) -> Iterator[ParticipantServer]:
    """The participant server with its shipped limits."""
    with ParticipantServer(open_session, "127.0.0.1", 0) as served:
        yield served


def test_next_person_starts_a_fresh_participant_on_the_same_device(
    phone_context: BrowserContext, shipped: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """Five people in a row on one tablet: each reads the notice, joins, votes; five participants, five ballots."""
    ideas = [open_session.add_idea(f"Idea {n}") for n in range(3)]
    voting = open_session.create_round("Round", [i.id for i in ideas], dots_per_participant=2, max_per_idea=2)
    open_session.start_round(voting.id)
    phone = Watched(phone_context)
    page = phone.page
    page.goto(shipped.join_url)
    next_person = page.get_by_role("button", name="Next person")
    for person in range(5):
        page.get_by_role("button", name="Join the workshop").click()
        page.get_by_role("heading", name="Vote: Round").wait_for()
        assert next_person.is_hidden()  # nothing voted yet: nothing to hand on
        page.get_by_role("button", name=f"Add a dot to “Idea {person % 3}”", exact=True).click()
        page.get_by_text("Your vote is saved.").wait_for()
        if person == 0:
            assert next_person.is_hidden()  # the mode is off
            open_session.set_joining(shared_device=True)
            next_person.wait_for()
            page.screenshot(path=str(tmp_path / "next-person.png"))
        next_person.click()
        page.get_by_role("button", name="Join the workshop").wait_for()
    ballots = open_session.ballots(voting.id)
    assert len(ballots) == 5 and len({b.participant_id for b in ballots}) == 5
    assert open_session.joining().joined == 5
    assert all(sum(b.dots.values()) == 1 for b in ballots)
    assert phone.real_errors() == [] and phone.dialogs == []
