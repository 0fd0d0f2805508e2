"""Spotting likely personal data in participant text (e-mail addresses, phone numbers, social handles).

Used to highlight it in the moderation queue, so the facilitator can edit or hide an idea before the
room sees it, and before every export over every text that would leave (``findings``): each finding is
redacted, hidden or confirmed by the facilitator, and a confirmation (kept in the action log with the
text's hash) holds while the text stays the same. It is a hint for a human, not a filter: it errs on the
side of highlighting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import DomainError
from cocity_workshop.core.model import LogEntry
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.i18n import N_, _


class PersonalKind(StrEnum):
    """What kind of personal data a span looks like."""

    EMAIL = "email"
    PHONE = "phone"
    HANDLE = "handle"


KIND_LABELS = {
    PersonalKind.EMAIL: N_("e-mail address"),
    PersonalKind.PHONE: N_("phone number"),
    PersonalKind.HANDLE: N_("social media handle"),
}

_EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\))\s*[\w-]+)+", re.IGNORECASE)
# Nine or more digits, optionally with a leading + and separated by spaces, dots, dashes or slashes.
_PHONE = re.compile(r"(?<![\w+])\+?\d(?:[\s./-]?\d){8,14}(?!\w)")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}\b")


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` looks like personal data of ``kind``."""

    start: int
    end: int
    kind: PersonalKind


def find_personal_data(text: str) -> list[Span]:
    """Every span of ``text`` that looks like an e-mail address, a phone number or a handle, in order."""
    spans: list[Span] = [Span(m.start(), m.end(), PersonalKind.EMAIL) for m in _EMAIL.finditer(text)]
    taken = [(s.start, s.end) for s in spans]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for pattern, kind in ((_PHONE, PersonalKind.PHONE), (_HANDLE, PersonalKind.HANDLE)):
        for match in pattern.finditer(text):
            if free(match.start(), match.end()):
                spans.append(Span(match.start(), match.end(), kind))
                taken.append((match.start(), match.end()))
    return sorted(spans, key=lambda s: s.start)


#: The action-log entry types of the facilitator's verdicts on findings.
CONFIRMED = "personal_data_confirmed"
REDACTED = "personal_data_redacted"
HIDDEN = "personal_data_hidden"


class Verdict(StrEnum):
    """What the facilitator decides for one finding before an export."""

    REDACT = "redact"
    HIDE = "hide"
    CONFIRM = "confirm"


#: What a redacted span becomes.
REDACTION = "[\u2026]"


class Subject(StrEnum):
    """What a text that leaves in an export belongs to."""

    WORKSHOP = "workshop"
    IDEA = "idea"
    CLUSTER = "cluster"
    ROUND = "round"
    ACTION = "action"
    MILESTONE = "milestone"
    GO_OFFICIAL = "go_official"
    GROUP = "group"
    AGE_BAND = "age_band"


@dataclass(frozen=True)
class Finding:
    """Likely personal data in one text that an export would carry.

    ``field`` names the text (``title``, ``description``...; ``organisers/1`` for the second organiser).
    """

    subject: Subject
    subject_id: int
    field: str
    text: str
    spans: tuple[Span, ...]

    @property
    def text_hash(self) -> str:
        """SHA-256 of the text: a confirmation holds for exactly this text."""
        return sha256_hex(self.text)

    @property
    def key(self) -> tuple[str, int, str, str]:
        """What identifies the finding in the action log."""
        return (self.subject.value, self.subject_id, self.field, self.text_hash)

    @property
    def can_hide(self) -> bool:
        """Only an idea can be taken off the wall (and so out of every export)."""
        return self.subject is Subject.IDEA

    def log_payload(self, by: str) -> dict[str, object]:
        """The action-log payload of a verdict (the text's hash, never the text)."""
        return {
            "subject": self.subject.value,
            "id": self.subject_id,
            "field": self.field,
            "sha256": self.text_hash,
            "by": by,
        }

    def redacted(self) -> str:
        """The text with every span replaced by ``REDACTION``."""
        return redact(self.text, self.spans)


SUBJECT_LABELS = {
    Subject.WORKSHOP: N_("The workshop's {field}"),
    Subject.IDEA: N_("Idea no. {id}, {field}"),
    Subject.CLUSTER: N_("Cluster no. {id}, {field}"),
    Subject.ROUND: N_("Vote round no. {id}, {field}"),
    Subject.ACTION: N_("Action no. {id}, {field}"),
    Subject.MILESTONE: N_("Milestone no. {id}, {field}"),
    Subject.GO_OFFICIAL: N_("Go-official step no. {id}, {field}"),
    Subject.GROUP: N_("Stakeholder group no. {id}, {field}"),
    Subject.AGE_BAND: N_("Age band no. {id}, {field}"),
}

FIELD_LABELS = {
    "title": N_("title"),
    "description": N_("description"),
    "theme": N_("theme"),
    "name": N_("name"),
    "label": N_("label"),
    "text": N_("text"),
    "owner": N_("owner"),
    "department": N_("department"),
    "next_step": N_("next step"),
    "city": N_("city"),
    "venue": N_("venue"),
    "challenge": N_("challenge"),
    "organisers": N_("organiser {n}"),
    "guiding_questions": N_("guiding question {n}"),
    "themes": N_("theme {n}"),
}


def finding_place(finding: Finding) -> str:
    """Where the finding's text is, in the current language ("Idea no. 3, description")."""
    name, _slash, position = finding.field.partition("/")
    field = _(FIELD_LABELS.get(name, name)).format(n=int(position) + 1 if position else "")
    return _(SUBJECT_LABELS[finding.subject]).format(id=finding.subject_id, field=field)


def redact(text: str, spans: Iterable[Span]) -> str:
    """``text`` with the given spans replaced by ``REDACTION``."""
    parts = []
    at = 0
    for span in sorted(spans, key=lambda s: s.start):
        parts.append(text[at : span.start])
        parts.append(REDACTION)
        at = span.end
    parts.append(text[at:])
    return "".join(parts)


def leaving_texts(snapshot: WorkshopSnapshot) -> Iterator[tuple[Subject, int, str, str]]:
    """Every text the report and the bundle carry: (subject, id, field, text).

    Ideas are those shown to the room and those on a ballot (results name them even when hidden later).
    """
    workshop = snapshot.workshop
    for name in ("title", "city", "venue", "challenge"):
        yield Subject.WORKSHOP, 0, name, str(getattr(workshop, name))
    for name in ("organisers", "guiding_questions", "themes"):
        for position, value in enumerate(getattr(workshop, name)):
            yield Subject.WORKSHOP, 0, f"{name}/{position}", value
    on_ballots = {i for r in snapshot.rounds for i in r.idea_ids}
    for idea in snapshot.ideas:
        if idea.is_public or idea.id in on_ballots:
            for name in ("title", "description", "theme"):
                yield Subject.IDEA, idea.id, name, str(getattr(idea, name))
    for cluster in snapshot.clusters:
        yield Subject.CLUSTER, cluster.id, "name", cluster.name
    for vote_round in snapshot.rounds:
        yield Subject.ROUND, vote_round.id, "title", vote_round.title
    for action in snapshot.actions:
        for name in ("title", "owner", "department", "next_step"):
            yield Subject.ACTION, action.id, name, str(getattr(action, name))
        for milestone in action.milestones:
            yield Subject.MILESTONE, milestone.id, "title", milestone.title
        for item in action.go_official:
            yield Subject.GO_OFFICIAL, item.id, "text", item.text
    for group in snapshot.groups:
        yield Subject.GROUP, group.id, "name", group.name
    for band in snapshot.age_bands:
        yield Subject.AGE_BAND, band.id, "label", band.label


def confirmed_keys(log: Iterable[LogEntry]) -> set[tuple[str, int, str, str]]:
    """The findings the facilitator confirmed (the action log's ``personal_data_confirmed`` entries)."""
    keys = set()
    for entry in log:
        if entry.type == CONFIRMED and entry.payload:
            data = json.loads(entry.payload)
            keys.add((str(data["subject"]), int(data["id"]), str(data["field"]), str(data["sha256"])))
    return keys


def findings(snapshot: WorkshopSnapshot, *, include_confirmed: bool = False) -> list[Finding]:
    """Likely personal data in what an export of ``snapshot`` would carry, not yet confirmed, in order."""
    confirmed = set() if include_confirmed else confirmed_keys(snapshot.log)
    found = []
    for subject, subject_id, field, text in leaving_texts(snapshot):
        spans = find_personal_data(text) if text else []
        if spans:
            finding = Finding(subject, subject_id, field, text, tuple(spans))
            if finding.key not in confirmed:
                found.append(finding)
    return found


class PersonalDataFound(DomainError):
    """An export would carry likely personal data the facilitator has not redacted, hidden or confirmed."""

    code = "personal_data"

    def __init__(self, found: Sequence[Finding]) -> None:
        super().__init__(
            "{count} text that would leave looks like personal data; redact, hide or confirm it first.",
            plural="{count} texts that would leave look like personal data; redact, hide or confirm them first.",
            count=len(found),
        )
        self.findings = tuple(found)


def refuse_unchecked(snapshot: WorkshopSnapshot, allow: bool) -> None:
    """Raise ``PersonalDataFound`` when an export of ``snapshot`` would carry open findings (unless ``allow``)."""
    if not allow:
        found = findings(snapshot)
        if found:
            raise PersonalDataFound(found)
