"""``LiveWorkshop``: what the views show of the open workshop, kept up to date as the session commits.

It owns the table models, the workshop's details and joining state, the focus round, and a signal for
each part. The session's events reach it through the ``SessionBridge`` (on the GUI thread); votes go
straight to the ``TallyRecounter``, which counts the focus round off the GUI thread. Views read it and
follow its signals; they change the workshop only through the ``WorkshopController``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from cocity_workshop.core import agenda
from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.core.jury import JuryRanking
from cocity_workshop.core.model import IdeaStatus, Phase, RoundState, VoteRound, Workshop
from cocity_workshop.core.personal_data import Finding
from cocity_workshop.core.rounds import last_revealed_round
from cocity_workshop.gui.bridge import SessionBridge
from cocity_workshop.gui.hackathon_view import HackathonView
from cocity_workshop.gui.models import (
    ActionsTableModel,
    ClustersTableModel,
    IdeasTableModel,
    NamesTableModel,
    PhasesTableModel,
    RoundsTableModel,
    TallyTableModel,
)
from cocity_workshop.gui.models.tally import TallyRow
from cocity_workshop.gui.recount import TallyRecounter
from cocity_workshop.i18n import N_
from cocity_workshop.session import JoiningState, WorkshopSession

#: The parts of the models each kind of event makes stale ("secret": the projector's join address).
EVENT_PARTS: dict[EventKind, frozenset[str]] = {
    EventKind.WORKSHOP_UPDATED: frozenset({"workshop"}),
    EventKind.AGENDA_CHANGED: frozenset({"phases"}),
    EventKind.PHASE_CHANGED: frozenset({"phases"}),
    EventKind.PARTICIPANT_JOINED: frozenset({"joining"}),
    EventKind.JOINING_CHANGED: frozenset({"joining", "secret"}),
    EventKind.IDEA_ADDED: frozenset({"ideas", "tally"}),
    EventKind.IDEA_CHANGED: frozenset({"ideas", "tally"}),
    EventKind.IDEAS_MERGED: frozenset({"ideas", "tally"}),
    EventKind.ATTACHMENT_ADDED: frozenset({"ideas", "tally"}),
    EventKind.CLUSTERS_CHANGED: frozenset({"ideas", "tally"}),
    EventKind.ROUND_CHANGED: frozenset({"rounds", "tally"}),
    EventKind.PAPER_DOTS_CHANGED: frozenset({"tally"}),  # only when it is the focus round's
    EventKind.ACTIONS_CHANGED: frozenset({"actions"}),
    EventKind.GROUPS_CHANGED: frozenset({"groups"}),
    EventKind.TEAMS_CHANGED: frozenset({"hackathon"}),
    EventKind.JURY_CHANGED: frozenset({"hackathon"}),
    EventKind.SCORE_RECORDED: frozenset({"hackathon"}),  # the count of sheets, and the ranking
}
#: The kinds of event the models do not refresh for, each with its reason.
IGNORED_EVENTS: frozenset[EventKind] = frozenset(
    {
        EventKind.VOTE_RECORDED,  # counted by the recounter, straight from the writer (never bridged)
        EventKind.PARTICIPANT_UPDATED,  # a phone's group and age band: no view shows them live
        EventKind.LOG_APPENDED,  # the action log is read only by the report and the checks
    }
)
#: The shortest time between two refreshes of the models while the room is busy (one frame at 60 Hz).
FRAME_SECONDS = 0.016
#: Every part of the models (what ``refresh_everything`` reads).
PARTS = frozenset({"workshop", "phases", "joining", "ideas", "rounds", "tally", "actions", "groups", "hackathon"})


class LiveWorkshop(QObject):
    """The models and live state of one open workshop, refreshed from the session's events."""

    workshop_changed = Signal(object)  # Workshop
    phases_changed = Signal()
    joining_changed = Signal(object)  # JoiningState
    ideas_changed = Signal()
    rounds_changed = Signal()
    tally_changed = Signal()
    actions_changed = Signal()
    groups_changed = Signal()
    hackathon_changed = Signal()
    focus_round_changed = Signal(object)  # VoteRound | None
    #: The projector's join address changed (a new secret after a leak).
    join_secret_changed = Signal()

    def __init__(
        self, session: WorkshopSession, clock: Callable[[], float] = time.time, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        #: The time the countdowns are shown against.
        self.clock = clock
        self.phases_model = PhasesTableModel(clock, self)
        self.ideas_model = IdeasTableModel(self)
        self.clusters_model = ClustersTableModel(self)
        self.rounds_model = RoundsTableModel(self)
        self.tally_model = TallyTableModel(self)
        self.actions_model = ActionsTableModel(self)
        self.groups_model = NamesTableModel(N_("Stakeholder group"), self)
        self.age_bands_model = NamesTableModel(N_("Age band"), self)
        self.workshop: Workshop = session.workshop()
        #: Challenges, teams, projects, the jury and the pitch (#19).
        self.hackathon = HackathonView()
        self.joining: JoiningState = session.joining()
        self.focus_round_id: int | None = None
        self._titles: dict[int, str] = {}
        self._hidden: set[int] = set()
        #: Parts of the models the session changed and the models do not show yet (see ``apply_events``).
        self._dirty: set[str] = set()
        self._last_refresh = 0.0
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self.refresh_pending)
        #: Recounts the focus round's tally off the GUI thread, started by the writer's commits.
        self.recounter = TallyRecounter(session, lambda: self._titles)
        self.recounter.on_counted(self._show_count)
        self.refresh_everything()
        # Votes go to the recounter only: the GUI thread is not woken for a commit that only recorded votes.
        self.bridge = SessionBridge(session.subscribe, skip=frozenset({EventKind.VOTE_RECORDED}))
        self.bridge.events_arrived.connect(self.apply_events)
        self.bridge.flushed.connect(self.refresh_pending)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.phases_model.tick)
        self._ticker.start()

    def close(self) -> None:
        """Stop following the session (the caller closes the session itself)."""
        self._ticker.stop()
        self._refresh_timer.stop()
        self.recounter.detach()
        self.bridge.detach()

    def flush(self) -> None:
        """Show what the session committed so far now (after the facilitator's own action)."""
        self.bridge.flush()

    # -- keeping the models up to date ------------------------------------------------------
    def refresh_everything(self) -> None:
        """Read everything again (opening a file)."""
        self._refresh(set(PARTS))

    def apply_events(self, events: Sequence[Event]) -> None:
        """Note what the session committed; the models catch up at most once per frame.

        Phones can commit hundreds of times a second. Each event only marks a part of the models as
        stale here; the first news after a quiet frame is shown at once, and later news within the same
        frame waits for one single-shot timer that refreshes every stale part together, a frame
        (``FRAME_SECONDS``) after the last refresh. ``bridge.flush()`` (after the facilitator's own
        actions) refreshes at once, so an edit shows before the next keystroke.
        """
        dirty = self._dirty
        for event in events:
            parts = EVENT_PARTS.get(event.kind)
            if parts is None:
                continue
            if event.kind is EventKind.PAPER_DOTS_CHANGED and event.data.get("round") != self.focus_round_id:
                continue
            dirty |= parts
        if dirty and not self._refresh_timer.isActive():
            wait = FRAME_SECONDS - (time.perf_counter() - self._last_refresh)
            if wait <= 0:
                self.refresh_pending()  # the first news after a quiet frame shows at once
            else:
                self._refresh_timer.start(max(1, round(wait * 1000)))

    def refresh_pending(self) -> None:
        """Bring every stale part of the models up to date now."""
        self._refresh_timer.stop()
        dirty, self._dirty = self._dirty, set()
        if dirty:
            self._refresh(dirty)
        self._last_refresh = time.perf_counter()  # from its end: the event loop gets a frame to breathe

    def _refresh(self, dirty: set[str]) -> None:
        session = self.session
        if session.closed:
            return
        if "workshop" in dirty:
            self.workshop = session.workshop()
            self.workshop_changed.emit(self.workshop)
        if "phases" in dirty:
            self.phases_model.update_rows(session.phases())
            self.phases_changed.emit()
        if "joining" in dirty:
            self.joining = session.joining()
            self.joining_changed.emit(self.joining)
        if "secret" in dirty:
            self.join_secret_changed.emit()
        if "groups" in dirty:
            self.groups_model.update_rows(session.groups())
            self.age_bands_model.update_rows(session.age_bands())
            self.groups_changed.emit()
        if "ideas" in dirty:
            self._refresh_ideas()
        if "rounds" in dirty:
            self._refresh_rounds()
        if "tally" in dirty:
            self._refresh_tally()
        if "actions" in dirty:
            self.actions_model.update_rows(session.actions())
            self.actions_changed.emit()
        if "hackathon" in dirty:
            self.hackathon = HackathonView.read(session)
            self.hackathon_changed.emit()

    def _refresh_ideas(self) -> None:
        ideas = self.session.ideas()
        clusters = self.session.clusters()
        self.ideas_model.set_cluster_names({c.id: c.name for c in clusters})
        self.ideas_model.update_rows(ideas)
        self._titles = {idea.id: idea.title for idea in ideas}
        self._hidden = {idea.id for idea in ideas if idea.status is IdeaStatus.HIDDEN}
        counts = Counter(i.cluster_id for i in ideas if i.status is not IdeaStatus.MERGED)
        self.clusters_model.set_clusters(clusters, counts)
        self.ideas_changed.emit()

    def _refresh_rounds(self) -> None:
        rounds = self.session.rounds()
        self.rounds_model.update_rows(rounds)
        if self.focus_round_id not in {r.id for r in rounds}:
            self.focus_round_id = None
        if self.focus_round_id is None and rounds:
            open_round = next((r for r in rounds if r.state is RoundState.OPEN), None)
            self.focus_round_id = (open_round or rounds[-1]).id
        self.rounds_changed.emit()
        self.focus_round_changed.emit(self.focus_round())

    def _refresh_tally(self) -> None:
        self.recounter.round_id = self.focus_round_id
        if self.focus_round_id is None:
            self.tally_model.set_tally(None, {})
        else:
            self.tally_model.set_tally(self.session.tally(self.focus_round_id), self._titles)
            self.recounter.request()  # a count still running from before must not have the last word
        self.tally_changed.emit()

    def _show_count(self, round_id: int | None, ballots: int, rows: list[TallyRow]) -> None:
        """A recount finished (on the GUI thread): copy its rows into the tally model."""
        if round_id is not None and round_id == self.focus_round_id and not self.session.closed:
            self.tally_model.show_rows(round_id, ballots, rows)
            self.tally_changed.emit()

    # -- what the views ask ------------------------------------------------------------------
    def focus_round(self) -> VoteRound | None:
        """The round the voting panel and the projector are about."""
        if self.focus_round_id is None:
            return None
        row = self.rounds_model.row_of(self.focus_round_id)
        return self.rounds_model.row_at(row) if row >= 0 else None

    def set_focus_round(self, round_id: int | None) -> None:
        """Show ``round_id``'s tally in the voting panel (and, once public, on the projector)."""
        if round_id != self.focus_round_id:
            self.focus_round_id = round_id
            self._refresh_tally()
            self.focus_round_changed.emit(self.focus_round())

    def hidden_idea_ids(self) -> set[int]:
        """The ideas taken off the board: the projector leaves them out of the tally."""
        return self._hidden

    def idea_titles(self) -> dict[int, str]:
        """Every idea's title by id."""
        return dict(self._titles)

    def running_phase(self) -> Phase | None:
        """The phase running now, if any."""
        return agenda.current_phase(self.phases_model.rows)

    # -- what the views read on demand -------------------------------------------------------
    @property
    def path(self) -> Path:
        """Where the workshop file is."""
        return self.session.path

    @property
    def readonly(self) -> bool:
        """Whether the workshop is open read-only (nothing can be changed or queued for the city)."""
        return self.session.readonly

    def revealed_totals(self) -> dict[int, int]:
        """Each idea's dots in the last revealed round (none before the first reveal)."""
        revealed = last_revealed_round(self.rounds_model.rows)
        if revealed is None:
            return {}
        return {t.idea_id: t.total for t in self.session.tally(revealed.id).ideas}

    def jury_ranking(self, challenge_id: int) -> JuryRanking:
        """A challenge's jury ranking from the scores as they are now, compared the way the organiser chose."""
        return self.session.jury_ranking(challenge_id, self.hackathon.normalisation)

    def photo(self, attachment_id: int) -> tuple[str, bytes]:
        """One photo's MIME type and bytes."""
        return self.session.photo(attachment_id)

    def personal_data_findings(self) -> list[Finding]:
        """The texts an export would carry that look like personal data (and are not yet decided)."""
        return self.session.personal_data_findings()
