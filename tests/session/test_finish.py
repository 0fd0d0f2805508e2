"""Finish the workshop: codes deleted, results kept and verifiable; the report says what the log records."""

from __future__ import annotations

from pathlib import Path

from export_helpers import comparable, pdf_text

from cocity_workshop.__main__ import main
from cocity_workshop.bundle import export_bundle, verify_bundle
from cocity_workshop.core.model import IdeaOrigin, IdeaStatus, RoundState
from cocity_workshop.core.moderation import finished_at
from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession


def _workshop(path: Path) -> tuple[list[str], list[int]]:
    """Two phone ideas before youth mode, two after (approved), a round with ballots left open."""
    with WorkshopSession.create(path, title="Finish", language="en") as session:
        session.set_joining(open=True)
        tokens = [session.join().token for _ in range(3)]
        ids = [session.add_idea(f"Early idea {n}", origin=IdeaOrigin.PHONE, token=tokens[n]).id for n in range(2)]
        session.update_workshop(youth_mode=True)
        for n in range(2):
            idea = session.add_idea(f"Checked idea {n}", origin=IdeaOrigin.PHONE, token=tokens[n])
            session.set_idea_status(idea.id, IdeaStatus.VISIBLE)
            ids.append(idea.id)
        session.create_tickets(2)
        vote = session.create_round("Vote", ids, dots_per_participant=3, max_per_idea=2)
        session.start_round(vote.id)
        for token in tokens:
            session.cast_ballot(token, vote.id, {ids[0]: 2, ids[3]: 1})
    return tokens, ids


def _report(path: Path, out: Path) -> str:
    with WorkshopSession.open(path, readonly=True) as session:
        write_report(session, out, "en")
    return comparable(pdf_text(out))


def test_finish_deletes_the_codes_and_keeps_verifiable_results(tmp_path: Path) -> None:
    """Before: the report says the codes are still in the file, and which phone ideas were checked. After
    Finish: no token, ticket or secret is left, the round is closed, ballots count, the bundle verifies and
    the report says the codes were deleted."""
    path = tmp_path / "f.cocity"
    tokens, ids = _workshop(path)
    before = _report(path, tmp_path / "before.pdf")
    assert "the codes (kept only as hashes) are still in the workshop file" in before
    assert (
        f"2 ideas from phones were checked by the facilitator before others saw them (nos. {ids[2]}, {ids[3]})"
        in before
    )
    assert (
        f"2 ideas from phones came while youth mode was off and were shown without a check (nos. {ids[0]}, {ids[1]})"
        in before
    )
    assert "every idea from a phone was checked" not in before

    with WorkshopSession.open(path) as session:
        assert session.finish_workshop() == (3, 2)
        assert all(session.participant_id_for_token(t) is None for t in tokens)
        assert not session.joining().open
        assert session.rounds()[0].state is RoundState.CLOSED
        assert finished_at(session.log_entries()) is not None
        tally = session.snapshot().tally(session.rounds()[0])
        assert tally.by_idea()[ids[0]].total == 6
        result = export_bundle(session, tmp_path / "b.zip", tier="city")
    assert verify_bundle(result.path).ok
    with WorkshopSession.open(path, readonly=True) as session:
        workshop_row = session.workshop()
        assert workshop_row.title == "Finish"
        assert session.check().ok
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone() == (0,)
        assert conn.execute("SELECT join_secret, projector_secret FROM workshop").fetchone() == ("", "")
        hashes = [r[0] for r in conn.execute("SELECT token_hash FROM participants")]
        assert all(h.startswith("deleted:") for h in hashes) and len(hashes) == 3
    finally:
        conn.close()
    after = _report(path, tmp_path / "after.pdf")
    assert "the codes, the tickets and the QR secrets were deleted when the facilitator finished the workshop" in after
    assert "still in the workshop file" not in after


def test_report_after_finish_names_codes_of_phones_that_joined_since(tmp_path: Path) -> None:
    """Joining opened again after Finish: the report does not claim every code was deleted."""
    path = tmp_path / "f.cocity"
    _workshop(path)
    with WorkshopSession.open(path) as session:
        session.finish_workshop()
        session.set_joining(open=True)
        session.join(ticket=session.create_tickets(1)[0])
    after = _report(path, tmp_path / "after.pdf")
    assert "Joining was opened again after that: the codes of the phones that joined since are still" in after


def test_finish_command(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """``cocity-workshop finish FILE`` finishes and says what it deleted."""
    path = tmp_path / "f.cocity"
    _workshop(path)
    assert main(["finish", str(path)]) == 0
    assert "Deleted the codes of 3 phones and 2 unused tickets" in capsys.readouterr().out
