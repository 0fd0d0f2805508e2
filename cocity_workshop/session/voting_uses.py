"""Use cases: vote rounds, ballots from phones, paper dots and tallies."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cocity_workshop.core import ballots as ballot_rules
from cocity_workshop.core import rounds as round_rules
from cocity_workshop.core import tokens
from cocity_workshop.core.actionlog import ballots_digest, canonical_counts, canonical_json, sha256_hex
from cocity_workshop.core.errors import InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.event import check_round_editable
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.model import Ballot, IdeaStatus, PaperDots, ResultsMode, RoundState, VoteRound
from cocity_workshop.core.request_keys import check_request_key
from cocity_workshop.core.tally import RoundTally, resolve_merge, tally_from_totals, tally_round
from cocity_workshop.core.text import NOTE_MAX, TITLE_MAX, clean_text, required_text
from cocity_workshop.i18n import N_, _
from cocity_workshop.session.checks import participant_id_or_raise, round_or_raise
from cocity_workshop.session.replays import stored_answer
from cocity_workshop.session.round_timer_uses import RoundTimerUses, raw_phone_dots
from cocity_workshop.session.writer import Tx
from cocity_workshop.store import read_transaction

#: What a phone is told when it reuses a ballot's request key for another ballot.
DIFFERENT_BALLOT = N_("This request key was already used for a different ballot.")


@dataclass(frozen=True)
class BallotReceipt:
    """What a phone is told after its ballot is stored: the allocation as counted and what is left."""

    round_id: int
    dots: dict[int, int]
    spent: int
    remaining: int
    version: int

    def to_json(self) -> str:
        """The receipt as JSON: stored for idempotent replays and sent to the phone as it is."""
        return self._json

    @functools.cached_property
    def _json(self) -> str:  # made once: the writer stores it, the server sends it
        remaining, round_id, spent, version = self.remaining, self.round_id, self.spent, self.version
        if all(type(n) is int for n in (remaining, round_id, spent, version)):  # canonical_json's spelling, cheaply
            dots = canonical_counts(self.dots)
            return (
                f'{{"dots":{dots},"remaining":{remaining:d},"round_id":{round_id:d},'
                f'"spent":{spent:d},"version":{version:d}}}'
            )
        return canonical_json(
            {
                "round_id": self.round_id,
                "dots": {str(k): v for k, v in self.dots.items()},
                "spent": self.spent,
                "remaining": self.remaining,
                "version": self.version,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> BallotReceipt:
        """Read a stored receipt back."""
        data = json.loads(text)
        data["dots"] = {int(k): int(v) for k, v in data["dots"].items()}
        return cls(**data)


def _ballot_request_text(round_id: int, dots: Mapping[int, int]) -> str:
    """The canonical JSON of a ballot request (its non-zero dots), which its idempotency hash is taken of."""
    wanted = {k: v for k, v in dots.items() if v != 0}
    if type(round_id) is int:
        return f'{{"dots":{canonical_counts(wanted)},"round":{round_id:d}}}'
    return canonical_json({"round": round_id, "dots": {str(k): v for k, v in wanted.items()}})


def _paper_map(paper: Sequence[PaperDots]) -> dict[str, int]:
    return {str(p.idea_id): p.count for p in sorted(paper, key=lambda p: p.idea_id)}


class VotingUses(RoundTimerUses):
    """Dot-voting from phones and paper (a round's countdown and closing in ``RoundTimerUses``)."""

    def rounds(self) -> list[VoteRound]:
        """Every vote round, oldest first."""
        return self._records().vote_rounds()

    def vote_round(self, round_id: int) -> VoteRound:
        """One vote round."""
        found = self._records().vote_round(round_id)
        if found is None:
            raise NotFound("There is no vote round {id}.", id=round_id)
        return found

    def open_round(self) -> VoteRound | None:
        """The round phones can vote in now, if any."""
        return round_rules.open_round(self.rounds())

    def create_round(
        self,
        title: str,
        idea_ids: Sequence[int],
        *,
        dots_per_participant: int = 5,
        max_per_idea: int = 3,
        results_mode: ResultsMode = ResultsMode.HIDDEN,
        is_practice: bool = False,
        duration_seconds: int | None = None,
        closes_itself: bool = False,
    ) -> VoteRound:
        """Prepare a round (a draft) with the ideas on its ballot, and its countdown once opened (if any)."""
        title = required_text(title, max_length=TITLE_MAX, what=_("The round's name"))
        ballot_rules.validate_round_settings(dots_per_participant, max_per_idea, len(idea_ids))
        round_rules.validate_duration(duration_seconds, closes_itself)
        ids = list(dict.fromkeys(idea_ids))

        def command(tx: Tx) -> VoteRound:
            self._check_ballot_ideas(tx, ids)
            round_id = tx.records.insert_round(
                {
                    "title": title,
                    "dots_per_participant": dots_per_participant,
                    "max_per_idea": max_per_idea,
                    "results_mode": ResultsMode(results_mode).value,
                    "state": RoundState.DRAFT.value,
                    "is_practice": int(is_practice),
                    "duration_seconds": duration_seconds,
                    "closes_itself": int(closes_itself),
                },
                ids,
            )
            tx.log(
                "round_created",
                {
                    "round": round_id,
                    "ideas": ids,
                    "dots": dots_per_participant,
                    "max_per_idea": max_per_idea,
                    "results": ResultsMode(results_mode).value,
                    "practice": is_practice,
                    "duration": duration_seconds,
                    "closes_itself": closes_itself,
                },
            )
            tx.emit(EventKind.ROUND_CHANGED, round=round_id, state=RoundState.DRAFT.value)
            return round_or_raise(tx, round_id)

        return self._write(command)

    @staticmethod
    def _check_ballot_ideas(tx: Tx, idea_ids: Sequence[int]) -> None:
        visible = {i.id for i in tx.records.ideas([IdeaStatus.VISIBLE])}
        missing = [i for i in idea_ids if i not in visible]
        if missing:
            raise RuleViolation(
                "Only visible ideas can be on a ballot (not: {ids}).", ids=", ".join(str(i) for i in missing)
            )

    def update_round(
        self,
        round_id: int,
        *,
        title: str | None = None,
        idea_ids: Sequence[int] | None = None,
        dots_per_participant: int | None = None,
        max_per_idea: int | None = None,
        results_mode: ResultsMode | None = None,
    ) -> VoteRound:
        """Change a draft round; returns it as it was before."""

        def command(tx: Tx) -> VoteRound:
            before = round_or_raise(tx, round_id)
            check_round_editable(before)
            if before.state is not RoundState.DRAFT:
                raise RuleViolation("Only a round that has not opened yet can be changed.")
            dots = before.dots_per_participant if dots_per_participant is None else dots_per_participant
            cap = before.max_per_idea if max_per_idea is None else max_per_idea
            ids = list(dict.fromkeys(before.idea_ids if idea_ids is None else idea_ids))
            ballot_rules.validate_round_settings(dots, cap, len(ids))
            self._check_ballot_ideas(tx, ids)
            values: dict[str, object] = {"dots_per_participant": dots, "max_per_idea": cap}
            if title is not None:
                values["title"] = required_text(title, max_length=TITLE_MAX, what=_("The round's name"))
            if results_mode is not None:
                values["results_mode"] = ResultsMode(results_mode).value
            tx.records.update_round(round_id, values)
            tx.records.set_round_ideas(round_id, ids)
            tx.log("round_updated", {"round": round_id, "ideas": ids, "dots": dots, "max_per_idea": cap})
            tx.emit(EventKind.ROUND_CHANGED, round=round_id, state=before.state.value)
            return before

        return self._write(command)

    def start_round(self, round_id: int) -> VoteRound:
        """Open a round for voting (a closed one can be reopened); only one round is open at a time."""

        def command(tx: Tx) -> VoteRound:
            vote_round = round_or_raise(tx, round_id)
            if vote_round.state not in (RoundState.DRAFT, RoundState.CLOSED):
                raise RuleViolation("This round cannot be opened now.")
            other = next((r for r in tx.records.vote_rounds() if r.state is RoundState.OPEN and r.id != round_id), None)
            if other is not None:
                raise RuleViolation("Close the round \u201c{title}\u201d first.", title=other.title)
            tx.records.update_round(round_id, {"state": RoundState.OPEN.value, "opened_at": tx.now, "closed_at": None})
            tx.log("round_opened", {"round": round_id})
            tx.emit(EventKind.ROUND_CHANGED, round=round_id, state=RoundState.OPEN.value)
            return round_or_raise(tx, round_id)

        opened = self._write(command)
        self._schedule_close(round_id)
        return opened

    def reveal_round(self, round_id: int) -> VoteRound:
        """Show a closed round's tally to the room; the log records the final counts."""

        def command(tx: Tx) -> VoteRound:
            vote_round = round_or_raise(tx, round_id)
            if vote_round.state is not RoundState.CLOSED:
                raise RuleViolation("Close the round before revealing its results.")
            tx.records.update_round(round_id, {"state": RoundState.REVEALED.value, "revealed_at": tx.now})
            ballots = tx.records.ballots(round_id)
            tx.log(
                "round_revealed",
                {
                    "round": round_id,
                    "ballots": len(ballots),
                    "ballots_digest": ballots_digest((b.participant_id, b.dots) for b in ballots),
                    "phone_dots": raw_phone_dots(ballots),
                    "paper_dots": _paper_map(tx.records.paper_dots(round_id)),
                },
            )
            tx.emit(EventKind.ROUND_CHANGED, round=round_id, state=RoundState.REVEALED.value)
            return round_or_raise(tx, round_id)

        return self._write(command)

    def delete_round(self, round_id: int) -> VoteRound:
        """Remove a draft round, or a practice round with its ballots."""

        def command(tx: Tx) -> VoteRound:
            vote_round = round_or_raise(tx, round_id)
            check_round_editable(vote_round)
            if vote_round.state is not RoundState.DRAFT and not vote_round.is_practice:
                raise RuleViolation("Only draft or practice rounds can be deleted.")
            tx.records.delete("vote_rounds", round_id)
            tx.log("round_deleted", {"round": round_id})
            tx.emit(EventKind.ROUND_CHANGED, round=round_id, state="deleted")
            return vote_round

        return self._write(command)

    # -- ballots -------------------------------------------------------------------------------
    def cast_ballot(
        self, token: str, round_id: int, dots: Mapping[int, int], idempotency_key: str | None = None
    ) -> BallotReceipt:
        """Store a phone's whole allocation for a round (replacing an earlier one) and wait for the commit."""
        return self._write(self.ballot_command(token, round_id, dots, idempotency_key))

    def ballot_command(
        self, token: str, round_id: int, dots: Mapping[int, int], idempotency_key: str | None = None
    ) -> BallotCommand:
        """The command ``cast_ballot`` runs, for callers that queue it themselves (the server hands it to
        ``submit_then`` and is called back after the commit)."""
        if idempotency_key is not None:
            check_request_key(idempotency_key)
        return BallotCommand(token, round_id, dict(dots), idempotency_key)

    def my_ballot(self, token: str, round_id: int) -> Ballot | None:
        """The ballot this phone last stored in a round."""
        records = self._records()
        participant_id = records.participant_id(tokens.token_hash(token))
        return records.ballot(round_id, participant_id) if participant_id is not None else None

    def ballots(self, round_id: int | None = None) -> list[Ballot]:
        """Stored ballots (for tallies, the city bundle and checks)."""
        return self._records().ballots(round_id)

    def voters(self, round_id: int) -> set[int]:
        """The participants who have a ballot in a round now (ids only: for the room's "N of M have voted")."""
        return self._records().voters(round_id)

    # -- paper dots ----------------------------------------------------------------------------
    def paper_dots(self, round_id: int | None = None) -> list[PaperDots]:
        """Paper dots entered for a round (or every round)."""
        return self._records().paper_dots(round_id)

    def set_paper_dots(self, round_id: int, idea_id: int, count: int, note: str = "") -> PaperDots | None:
        """Enter the dots an idea got on the paper wall (0 removes them); returns the previous entry."""
        if not isinstance(count, int) or count < 0 or count > 100_000:
            raise InvalidInput("Paper dots must be a whole number of zero or more.")
        note = clean_text(note, max_length=NOTE_MAX)

        def command(tx: Tx) -> PaperDots | None:
            vote_round = round_or_raise(tx, round_id)
            if idea_id not in vote_round.idea_ids:
                raise RuleViolation("Idea {idea} is not on this ballot.", idea=idea_id)
            before = next((p for p in tx.records.paper_dots(round_id) if p.idea_id == idea_id), None)
            if count == 0:
                tx.records.delete_paper_dots(round_id, idea_id)
            else:
                tx.records.set_paper_dots(round_id, idea_id, count, note)
            tx.log("paper_dots", {"round": round_id, "idea": idea_id, "count": count})
            tx.emit(EventKind.PAPER_DOTS_CHANGED, round=round_id, idea=idea_id)
            return before

        return self._write(command)

    # -- tallies -------------------------------------------------------------------------------
    def tally(self, round_id: int, *, by_group: bool = False) -> RoundTally:
        """The round's result, derived from its ballots and paper dots (merges followed)."""
        with self._reading() as records, read_transaction(records.conn):
            vote_round = records.vote_round(round_id)
            if vote_round is None:
                raise NotFound("There is no vote round {id}.", id=round_id)
            paper, merges = records.paper_dots(round_id), records.merged_into_map()
            cap = vote_round.max_per_idea
            if by_group or any(i in merges for i in vote_round.idea_ids):  # merged: each ballot's cap applies
                groups = {p.id: p.group_id for p in records.participants()} if by_group else None
                ballots = records.ballots(round_id)
                return tally_round(round_id, vote_round.idea_ids, ballots, paper, merges, groups, cap)
            totals, count = records.phone_dot_totals(round_id)  # summed in SQL: live tallies stay cheap
        return tally_from_totals(round_id, vote_round.idea_ids, totals, count, paper, merges)


@dataclass(frozen=True)
class BallotCommand:
    """Store one phone's ballot inside the writer's transaction (the hot path)."""

    token: str
    round_id: int
    dots: dict[int, int]
    idempotency_key: str | None = None

    def __call__(self, tx: Tx) -> BallotReceipt:
        key = f"ballot:{self.idempotency_key}" if self.idempotency_key else None
        request_hash = ""
        participant_id = participant_id_or_raise(tx, self.token)  # first: a key is only this phone's
        if key is not None:
            request_hash = sha256_hex(_ballot_request_text(self.round_id, self.dots))
            stored = stored_answer(tx, key, participant_id, request_hash, DIFFERENT_BALLOT)
            if stored is not None:
                return BallotReceipt.from_json(stored)
        vote_round = round_or_raise(tx, self.round_id)
        ballot_rules.check_round_accepts_ballots(vote_round, tx.now)
        allocation = ballot_rules.validate_allocation(vote_round, self.dots)
        off_board = tx.records.off_board_ideas(allocation)
        if off_board:  # rare: the ballot gives dots to a merged or hidden idea
            allocation = self._check_off_board(tx, vote_round, participant_id, allocation, off_board)
        if allocation:
            version = tx.records.upsert_ballot(self.round_id, participant_id, allocation)
        else:  # every dot taken back: the ballot is withdrawn, not a ballot of 0 dots (decision 0020)
            version = 0
            if tx.records.withdraw_ballot(self.round_id, participant_id):
                tx.log("ballot_withdrawn", {"round": self.round_id})
        spent = sum(allocation.values())
        receipt = BallotReceipt(self.round_id, allocation, spent, vote_round.dots_per_participant - spent, version)
        if key is not None:
            tx.records.remember_response(key, participant_id, request_hash, receipt.to_json())
        tx.emit(EventKind.VOTE_RECORDED, round=self.round_id)
        return receipt

    def _check_off_board(
        self,
        tx: Tx,
        vote_round: VoteRound,
        participant_id: int,
        allocation: dict[int, int],
        off_board: list[tuple[int, str, int | None, str]],
    ) -> dict[int, int]:
        merges = tx.records.merged_into_map()
        targets = {resolve_merge(i, merges) for i, *_ in off_board} - set(allocation)
        statuses = {i: (s, t) for i, s, _, t in [*off_board, *tx.records.off_board_ideas(targets)]}
        hidden = {i: t for i, (s, t) in statuses.items() if s == IdeaStatus.HIDDEN.value}
        earlier = tx.records.ballot(self.round_id, participant_id)
        kept = earlier.dots if earlier is not None else {}
        return ballot_rules.validate_allocation(vote_round, allocation, merged_into=merges, hidden=hidden, kept=kept)
