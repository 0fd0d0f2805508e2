"""Many threads voting at once: exactly one ballot per participant, and tallies equal the model."""

from __future__ import annotations

import random
import threading
from collections import Counter

from cocity_workshop.session import BallotReceipt, WorkshopSession


def test_parallel_voters_and_a_hammered_participant(session: WorkshopSession) -> None:
    """100 threads vote for 100 participants while 100 more resubmit one participant's ballot over and over."""
    session.set_joining(open=True)
    tokens = [session.join().token for _ in range(101)]
    ideas = [session.add_idea(f"Idea {i}").id for i in range(6)]
    vote_round = session.start_round(session.create_round("R", ideas, dots_per_participant=5, max_per_idea=3).id)
    start = threading.Barrier(200)
    expected: dict[int, dict[int, int]] = {}
    hammered: list[tuple[BallotReceipt, dict[int, int]]] = []
    lock = threading.Lock()

    def voter(index: int) -> None:
        rng = random.Random(index)
        dots = {idea: 1 for idea in rng.sample(ideas, 3)}
        start.wait(30)
        session.cast_ballot(tokens[index], vote_round.id, dots)
        with lock:
            expected[index] = dots

    def hammer(index: int) -> None:
        rng = random.Random(1000 + index)
        start.wait(30)
        for _ in range(5):
            dots = {rng.choice(ideas): rng.randint(1, 3)}
            receipt = session.cast_ballot(tokens[100], vote_round.id, dots)
            with lock:
                hammered.append((receipt, dots))

    threads = [threading.Thread(target=voter, args=(i,)) for i in range(100)]
    threads += [threading.Thread(target=hammer, args=(i,)) for i in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads)

    ballots = session.ballots(vote_round.id)
    assert len(ballots) == 101
    assert sorted(b.participant_id for b in ballots) == sorted({b.participant_id for b in ballots})
    versions = sorted(receipt.version for receipt, _ in hammered)
    assert versions == list(range(1, 501)), "every resubmission replaced the ballot exactly once"
    last = max(hammered, key=lambda pair: pair[0].version)[1]
    expected[100] = last
    model: Counter[int] = Counter()
    for dots in expected.values():
        model.update(dots)
    tally = session.tally(vote_round.id)
    assert {t.idea_id: t.phone_dots for t in tally.ideas if t.phone_dots} == dict(model)
