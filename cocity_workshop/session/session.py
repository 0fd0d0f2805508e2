"""``WorkshopSession``: the one way into an open workshop file."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Self, TypeVar

from cocity_workshop.core import tokens
from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.core.model import Template
from cocity_workshop.core.templates import template_defaults
from cocity_workshop.core.text import TITLE_MAX, required_text
from cocity_workshop.i18n import LANGUAGES, _, use_language
from cocity_workshop.session.action_uses import ActionUses
from cocity_workshop.session.award_uses import AwardUses
from cocity_workshop.session.base import PORT_RANGE
from cocity_workshop.session.cluster_uses import ClusterUses
from cocity_workshop.session.event_uses import EventUses
from cocity_workshop.session.idea_uses import IdeaUses
from cocity_workshop.session.jury_uses import JuryUses
from cocity_workshop.session.people_uses import PeopleUses
from cocity_workshop.session.phone_uses import PhoneUses
from cocity_workshop.session.pitch_uses import PitchUses
from cocity_workshop.session.privacy_uses import PrivacyUses
from cocity_workshop.session.reading_uses import ReadingUses
from cocity_workshop.session.team_uses import TeamUses
from cocity_workshop.session.voting_uses import VotingUses
from cocity_workshop.session.workshop_uses import WorkshopUses
from cocity_workshop.session.writer import Command, Handoff, Tx
from cocity_workshop.store import WorkshopFile

T = TypeVar("T")

__all__ = ["PORT_RANGE", "WorkshopSession"]


class WorkshopSession(
    WorkshopUses,
    PeopleUses,
    IdeaUses,
    ClusterUses,
    VotingUses,
    ActionUses,
    ReadingUses,
    PhoneUses,
    PrivacyUses,
    TeamUses,
    JuryUses,
    EventUses,
    PitchUses,
    AwardUses,
):
    """One open workshop file, its single writer, and every use case on it.

    Open with ``WorkshopSession.open(path)`` or ``WorkshopSession.create(path, title=...)``; close with
    ``close()`` (or use it as a context manager). Methods that change data wait until their change is
    committed; events follow through ``subscribe``.
    """

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, readonly: bool = False, clock: Callable[[], float] = time.time
    ) -> Self:
        """Open an existing workshop file (refused with a clear message if it is not one we can open).

        ``clock`` gives the time stamps of changes (the demo replays a workshop on a simulated clock).
        """
        session = cls(WorkshopFile.open(path, readonly=readonly), clock)
        if not session.readonly:
            session._resume_round_timer()  # a round that closes itself closes at its moment, or now if it passed
        return session

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        title: str,
        template: Template | str = Template.CO_DESIGN,
        language: str = "en",
        clock: Callable[[], float] = time.time,
        **details: object,
    ) -> WorkshopSession:
        """Create a new workshop file from a template (agenda, groups and age bands in ``language``)."""
        title = required_text(title, max_length=TITLE_MAX, what=_("The title"))
        if language not in LANGUAGES:
            raise InvalidInput("Unknown language {language}.", language=language)
        kind = Template(template)
        with use_language(language):
            defaults = template_defaults(kind)
        session = cls(WorkshopFile.create(path), clock)
        try:

            def command(tx: Tx) -> None:
                tx.records.insert_workshop(
                    {
                        "title": title,
                        "language": language,
                        "template": kind.value,
                        "youth_mode": int(defaults.youth_mode),
                        "legal_basis": defaults.legal_basis.value,
                        "retention_months": defaults.retention_months,
                        "join_secret": tokens.new_secret(),
                        "projector_secret": tokens.new_secret(),
                        "port": random.randint(*PORT_RANGE),
                        "created_at": tx.now,
                    }
                )
                for phase_title, minutes in defaults.phases:
                    tx.records.insert_phase(phase_title, minutes)
                for group in defaults.groups:
                    tx.records.insert_group(group)
                for band in defaults.age_bands:
                    tx.records.insert_age_band(band)
                tx.log("workshop_created", {"template": kind.value, "language": language})

            session._write(command)
            if details:
                session.update_workshop(**details)
        except BaseException:
            session.close()
            os.unlink(path)
            raise
        return session

    def submit(self, command: Command[T]) -> Future[T]:
        """Queue a command (e.g. from ``ballot_command``) without waiting; the future resolves after commit."""
        return self._writer_or_raise().submit(command)

    def submit_then(self, command: Command[Any], handoff: Handoff) -> None:
        """Queue a command; ``handoff(result, error)`` runs on the writer thread right after the commit.

        Lighter than ``submit`` for a caller that hands the answer on itself (the participant server's
        event loop); the handoff must be quick and must not raise.
        """
        self._writer_or_raise().submit_then(command, handoff)
