"""Vote rounds, ballots, paper dots and tallies through the session, including a model-based test."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from cocity_workshop.core.actionlog import canonical_json
from cocity_workshop.core.errors import Conflict, NotFound, RuleViolation
from cocity_workshop.core.model import IdeaStatus, ResultsMode, RoundState
from cocity_workshop.session import WorkshopSession
from cocity_workshop.session.voting_uses import BallotReceipt, _ballot_request_text


def _room(session: WorkshopSession, phones: int = 3, ideas: int = 3) -> tuple[list[str], list[int]]:
    session.set_joining(open=True)
    tokens = [session.join().token for _ in range(phones)]
    idea_ids = [session.add_idea(f"Idea {i}").id for i in range(ideas)]
    return tokens, idea_ids


def test_round_lifecycle_and_log(session: WorkshopSession) -> None:
    """Draft -> open -> closed -> revealed, with ballots only while open and log entries on the way."""
    tokens, ideas = _room(session)
    vote_round = session.create_round("Long list", ideas, dots_per_participant=3, max_per_idea=2)
    assert vote_round.state is RoundState.DRAFT and not vote_round.results_public
    with pytest.raises(RuleViolation, match="not started"):
        session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 1})
    session.start_round(vote_round.id)
    receipt = session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 2, ideas[1]: 1})
    assert (receipt.spent, receipt.remaining, receipt.version) == (3, 0, 1)
    assert session.close_round(vote_round.id).state is RoundState.CLOSED
    with pytest.raises(RuleViolation, match="closed"):
        session.cast_ballot(tokens[1], vote_round.id, {ideas[0]: 1})
    revealed = session.reveal_round(vote_round.id)
    assert revealed.results_public
    types = [e.type for e in session.log_entries()]
    assert types[-3:] == ["round_opened", "round_closed", "round_revealed"]


def test_resubmitting_replaces_and_idempotency_replays(session: WorkshopSession) -> None:
    """A new ballot replaces the old; the same key replays the same answer; a reused key conflicts."""
    tokens, ideas = _room(session)
    vote_round = session.start_round(session.create_round("R", ideas).id)
    first = session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 3}, "key-aaaa-1")
    again = session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 3}, "key-aaaa-1")
    assert again == first
    second = session.cast_ballot(tokens[0], vote_round.id, {ideas[1]: 2}, "key-aaaa-2")
    assert second.version == 2
    with pytest.raises(Conflict):
        session.cast_ballot(tokens[0], vote_round.id, {ideas[2]: 1}, "key-aaaa-1")
    assert session.my_ballot(tokens[0], vote_round.id).dots == {ideas[1]: 2}  # type: ignore[union-attr]
    assert session.tally(vote_round.id).by_idea()[ideas[1]].phone_dots == 2
    assert session.tally(vote_round.id).ballots == 1


_IDS = st.integers(1, 2**53 - 1)
_DOTS = st.dictionaries(_IDS, st.integers(-(2**31) + 1, 2**31 - 1), max_size=8)


@given(_IDS, _DOTS)
def test_ballot_request_text_is_the_canonical_json_earlier_versions_hashed(round_id: int, dots: dict[int, int]) -> None:
    """Keys stored by earlier versions still replay: the request text is canonical_json of the non-zero dots."""
    wanted = {str(k): v for k, v in sorted(dots.items()) if v != 0}
    assert _ballot_request_text(round_id, dots) == canonical_json({"round": round_id, "dots": wanted})


@given(_IDS, _DOTS, st.integers(0, 10**6), st.integers(-(10**6), 10**6), st.integers(1, 10**6))
def test_receipt_json_is_canonical_and_reads_back(
    round_id: int, dots: dict[int, int], spent: int, remaining: int, version: int
) -> None:
    """A receipt's JSON is canonical_json of its fields, and reads back as the same receipt."""
    receipt = BallotReceipt(round_id, dots, spent, remaining, version)
    fields = {"round_id": round_id, "dots": {str(k): v for k, v in dots.items()}}
    fields |= {"spent": spent, "remaining": remaining, "version": version}
    assert receipt.to_json() == canonical_json(fields)
    assert BallotReceipt.from_json(receipt.to_json()) == receipt


def test_only_one_round_open_and_only_visible_ideas(session: WorkshopSession) -> None:
    """A second round cannot open while one is open; hidden ideas cannot be on a ballot."""
    _, ideas = _room(session)
    first = session.start_round(session.create_round("A", ideas).id)
    second = session.create_round("B", ideas[:1])
    with pytest.raises(RuleViolation, match="first"):
        session.start_round(second.id)
    session.set_idea_status(ideas[2], IdeaStatus.HIDDEN)
    with pytest.raises(RuleViolation, match="visible"):
        session.create_round("C", [ideas[2]])
    session.close_round(first.id)
    session.start_round(second.id)


def test_paper_dots_and_merges_carry_into_the_tally(session: WorkshopSession) -> None:
    """Paper dots add to the tally by origin; merging moves phone and paper dots to the target."""
    tokens, ideas = _room(session)
    vote_round = session.start_round(session.create_round("R", ideas, results_mode=ResultsMode.LIVE).id)
    assert session.vote_round(vote_round.id).results_public
    session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 2, ideas[1]: 2})
    session.set_paper_dots(vote_round.id, ideas[1], 4, "wall by the door")
    tally = session.tally(vote_round.id).by_idea()
    assert (tally[ideas[1]].phone_dots, tally[ideas[1]].paper_dots) == (2, 4)
    session.merge_ideas(ideas[1], ideas[0])
    merged = session.tally(vote_round.id).by_idea()
    assert merged[ideas[0]].total == 3 + 4 and ideas[1] not in merged  # 2 + 2 phone dots, capped at 3 (0020)
    session.unmerge_idea(ideas[1])
    assert session.tally(vote_round.id).by_idea()[ideas[1]].total == 6
    assert session.set_paper_dots(vote_round.id, ideas[1], 0) is not None
    assert session.paper_dots(vote_round.id) == []


class BallotMachine(RuleBasedStateMachine):
    """Phones submit, resubmit, replay and reorder ballots; the tally always equals the model."""

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[int, dict[int, int]] = {}
        self.keys: dict[str, tuple[int, dict[int, int]]] = {}

    @initialize(tmp=st.just(None))
    def open_workshop(self, tmp: None) -> None:
        import tempfile

        self.folder = tempfile.mkdtemp()
        self.session = WorkshopSession.create(Path(self.folder) / "m.cocity", title="Model")
        self.tokens, self.ideas = _room(self.session, phones=4, ideas=4)
        self.round = self.session.start_round(
            self.session.create_round("R", self.ideas, dots_per_participant=4, max_per_idea=2).id
        )

    @rule(
        phone=st.integers(0, 3),
        picks=st.dictionaries(st.integers(0, 3), st.integers(0, 3), max_size=4),
        key=st.sampled_from(["k-000001", "k-000002", "k-000003", None]),
    )
    def submit(self, phone: int, picks: dict[int, int], key: str | None) -> None:
        dots = {self.ideas[i]: n for i, n in picks.items()}
        wanted = {k: v for k, v in dots.items() if v}
        scoped_key = f"{key}-{phone}" if key else None
        try:
            receipt = self.session.cast_ballot(self.tokens[phone], self.round.id, dots, scoped_key)
        except Conflict:
            assert scoped_key in self.keys and self.keys[scoped_key] != (phone, wanted)
            return
        except RuleViolation:
            assert sum(wanted.values()) > 4 or any(v > 2 for v in wanted.values())
            return
        if scoped_key in self.keys:
            assert receipt.dots == self.keys[scoped_key][1]  # a replay answers as before, changes nothing
            return
        self.keys[scoped_key or f"none-{len(self.keys)}"] = (phone, wanted)
        self.model[phone] = wanted

    @invariant()
    def tally_matches_model(self) -> None:
        if not hasattr(self, "session"):
            return
        tally = self.session.tally(self.round.id).by_idea()
        for idea in self.ideas:
            assert tally[idea].phone_dots == sum(b.get(idea, 0) for b in self.model.values())
        assert self.session.tally(self.round.id).ballots == len([b for b in self.model.values() if b])  # {} withdraws

    def teardown(self) -> None:
        if hasattr(self, "session"):
            self.session.close()


BallotMachine.TestCase.settings = settings(
    max_examples=10, stateful_step_count=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_ballot_state_machine = BallotMachine.TestCase


def test_an_empty_ballot_withdraws_the_earlier_one(session: WorkshopSession) -> None:
    """Taking back every dot withdraws the ballot: it is not counted, and the action log says so."""
    tokens, ideas = _room(session)
    vote_round = session.start_round(session.create_round("R", ideas).id)
    session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 2})
    session.cast_ballot(tokens[1], vote_round.id, {ideas[1]: 1})
    receipt = session.cast_ballot(tokens[0], vote_round.id, {}, "key-empty-1")
    assert (receipt.dots, receipt.spent, receipt.remaining) == ({}, 0, vote_round.dots_per_participant)
    assert session.cast_ballot(tokens[0], vote_round.id, {}, "key-empty-1") == receipt  # a retry replays
    session.cast_ballot(tokens[2], vote_round.id, {})  # nothing to withdraw: no ballot, no log entry
    tally = session.tally(vote_round.id)
    assert tally.ballots == 1 and tally.by_idea()[ideas[0]].phone_dots == 0
    assert session.tally(vote_round.id, by_group=True).ballots == 1
    assert session.my_ballot(tokens[0], vote_round.id) is None
    assert [b.participant_id for b in session.ballots(vote_round.id)] == [2]
    assert session.voters(vote_round.id) == {2}  # who voted, for the projector's "N of M": not the withdrawn
    assert [e.type for e in session.log_entries()].count("ballot_withdrawn") == 1
    again = session.cast_ballot(tokens[0], vote_round.id, {ideas[2]: 1})  # changing their mind again is fine
    assert again.version == 1 and session.tally(vote_round.id).ballots == 2


def test_a_hidden_idea_takes_no_new_dots(session: WorkshopSession) -> None:
    """Hiding an idea mid-round refuses new dots on it, naming it; a ballot may keep the dots it had there."""
    tokens, ideas = _room(session)
    vote_round = session.start_round(session.create_round("R", ideas, dots_per_participant=5).id)
    session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 2, ideas[1]: 1})
    session.set_idea_status(ideas[0], IdeaStatus.HIDDEN)
    with pytest.raises(RuleViolation, match="\u201cIdea 0\u201d is no longer on the ballot"):
        session.cast_ballot(tokens[1], vote_round.id, {ideas[0]: 1})
    with pytest.raises(RuleViolation, match="Idea 0"):
        session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 3})
    session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 2, ideas[1]: 2})  # kept, not new
    session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 1, ideas[1]: 2})
    assert session.my_ballot(tokens[0], vote_round.id).dots == {ideas[0]: 1, ideas[1]: 2}  # type: ignore[union-attr]
    assert session.hidden_idea_ids() == {ideas[0]}


def test_merged_ideas_share_the_cap(session: WorkshopSession, tmp_path: Path) -> None:
    """After merging idea 2 into 3, one ballot gives 3 at most the cap; an earlier ballot counts capped."""
    tokens, ideas = _room(session)
    vote_round = session.start_round(session.create_round("R", ideas, dots_per_participant=6, max_per_idea=3).id)
    session.cast_ballot(tokens[0], vote_round.id, {ideas[1]: 3, ideas[2]: 3})  # before the merge
    session.merge_ideas(ideas[1], ideas[2])
    with pytest.raises(RuleViolation, match=f"5 dots to idea {ideas[2]} and the ideas merged into it"):
        session.cast_ballot(tokens[1], vote_round.id, {ideas[1]: 3, ideas[2]: 2})
    session.cast_ballot(tokens[1], vote_round.id, {ideas[1]: 1, ideas[2]: 2})
    tally = session.tally(vote_round.id)
    assert tally.by_idea()[ideas[2]].phone_dots == 3 + 3 and ideas[1] not in tally.by_idea()
    assert session.tally(vote_round.id, by_group=True).by_idea()[ideas[2]].phone_dots == 6
    assert session.snapshot().tally(vote_round).by_idea()[ideas[2]].phone_dots == 6
    session.close_round(vote_round.id)
    from cocity_workshop.bundle import export_bundle, verify_bundle

    bundle = export_bundle(session, tmp_path / "city.zip", tier="city").path
    assert verify_bundle(bundle).ok


def test_a_retry_key_belongs_to_one_phone(session: WorkshopSession) -> None:
    """A second phone reusing another's key gets its own ballot stored, never the other's receipt."""
    tokens, ideas = _room(session)
    vote_round = session.start_round(session.create_round("R", ideas).id)
    first = session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 2}, "shared-key-1")
    second = session.cast_ballot(tokens[1], vote_round.id, {ideas[0]: 2}, "shared-key-1")
    assert second.version == 1 and session.my_ballot(tokens[1], vote_round.id) is not None
    assert session.tally(vote_round.id).ballots == 2
    other = session.cast_ballot(tokens[2], vote_round.id, {ideas[1]: 1}, "shared-key-1")  # not a conflict
    assert other.dots == {ideas[1]: 1}
    assert session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 2}, "shared-key-1") == first
    with pytest.raises(NotFound):
        session.cast_ballot("no-such-token-at-all", vote_round.id, {ideas[0]: 2}, "shared-key-1")
