"""Check a results bundle: every file against datapackage.json, every tally, the action log.

City bundles carry the anonymous ballots and the log, so their tallies are recomputed from the
ballots and the ballots are checked against the digests the log recorded when each round closed.
Public bundles are checked for consistency: results.csv agrees with results.json, totals add up, ranks
follow the totals and no round has more dots than its ballots allow.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cocity_workshop.bundle.manifest import MANIFEST
from cocity_workshop.bundle.tables import read_csv
from cocity_workshop.bundle.verify_jury import check_jury
from cocity_workshop.bundle.verify_room import check_room_claim
from cocity_workshop.core.actionlog import ballots_digest, fingerprint, sha256_hex, verify_chain
from cocity_workshop.core.ballots import PublishedRules, ballot_problems
from cocity_workshop.core.model import Ballot, LogEntry, PaperDots
from cocity_workshop.core.tally import competition_ranks, ranking_key, resolve_merge, tally_round
from cocity_workshop.i18n import _

ROUND_RECORDS = ("round_closed", "round_revealed")


@dataclass(frozen=True)
class Check:
    """One thing that was checked and whether it matched."""

    ok: bool
    subject: str
    message: str


@dataclass
class VerifyReport:
    """Everything ``verify_bundle`` checked."""

    path: Path
    tier: str | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether there was something to check and all of it matched."""
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        """The checks that failed."""
        return [c for c in self.checks if not c.ok]

    def add(self, ok: bool, subject: str, message: str) -> None:
        """Record one check."""
        self.checks.append(Check(ok, subject, message))


class _Bundle:
    """The files of a bundle whose hashes matched (only those are used for further checks)."""

    def __init__(self, files: dict[str, bytes], manifest: dict[str, Any]) -> None:
        self.files = files
        self.manifest = manifest

    def text(self, name: str) -> str | None:
        data = self.files.get(name)
        return None if data is None else data.decode("utf-8")


def verify_bundle(path: str | os.PathLike[str]) -> VerifyReport:
    """Check the bundle at ``path`` and say plainly what matches and what does not."""
    report = VerifyReport(Path(path))
    try:
        with zipfile.ZipFile(path) as archive:
            contents = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (OSError, zipfile.BadZipFile) as error:
        report.add(False, str(path), _("cannot be read as a ZIP file ({error})").format(error=error))
        return report
    verify_contents(report, contents)
    return report


def verify_contents(report: VerifyReport, contents: dict[str, bytes]) -> None:
    """Check a bundle's files (name to bytes, as read from its ZIP) into ``report``: a room's or workshop's
    bundle as below, an event's bundle by ``bundle.event_verify`` (which checks each room's with this)."""
    bundle = _check_files(report, contents)
    if bundle is None:
        return
    report.tier = str(bundle.manifest.get("cocity", {}).get("tier", "")) or None
    if bundle.manifest.get("cocity", {}).get("kind") == "event":
        from cocity_workshop.bundle.event_verify import check_event  # imported here: it imports this module

        check_event(report, bundle.files, bundle.manifest)
        return
    results = _check_results(report, bundle)
    log: list[LogEntry] | None = None
    if report.tier == "city" and results is not None:
        log = _check_log(report, bundle, results)
        _check_ballots(report, bundle, results, log)
        check_room_claim(report.add, results, log)
    listed = {str(entry.get("path", "")) for entry in bundle.manifest.get("resources", [])}
    if "jury_scores.csv" in listed:  # a hackathon's: the jury's ranking is recomputed as tallies are
        check_jury(report.add, bundle.files, listed, log if report.tier == "city" else None)
    if report.tier != "city":
        report.add(
            True,
            _("action log"),
            _("not part of a public bundle; its fingerprint is {fingerprint}").format(
                fingerprint=bundle.manifest.get("cocity", {}).get("fingerprint", "?")
            ),
        )


# -- files and hashes ------------------------------------------------------------------------------
def _check_files(report: VerifyReport, contents: dict[str, bytes]) -> _Bundle | None:
    raw = contents.get(MANIFEST)
    if raw is None:
        report.add(False, MANIFEST, _("missing: this is not a CoCity Workshop bundle"))
        return None
    try:
        manifest = json.loads(raw.decode("utf-8"))
        resources = list(manifest["resources"])
    except (ValueError, KeyError, TypeError):
        report.add(False, MANIFEST, _("cannot be read"))
        return None
    good: dict[str, bytes] = {}
    listed = set()
    for entry in resources:
        name = str(entry.get("path", ""))
        listed.add(name)
        data = contents.get(name)
        if data is None:
            report.add(False, name, _("listed in datapackage.json but missing from the bundle"))
            continue
        expected = str(entry.get("hash", ""))
        actual = "sha256:" + sha256_hex(data)
        if expected != actual:
            report.add(False, name, _("SHA-256 differs from datapackage.json: the file was changed"))
        elif entry.get("bytes") != len(data):
            report.add(False, name, _("size differs from datapackage.json"))
        else:
            report.add(True, name, _("size and SHA-256 match datapackage.json"))
            good[name] = data
    for name in sorted(set(contents) - listed - {MANIFEST}):
        report.add(False, name, _("is in the bundle but not listed in datapackage.json"))
    return _Bundle(good, manifest)


# -- published tallies -----------------------------------------------------------------------------
def _int(value: object) -> int:
    return int(str(value))


def _timestamp(value: str) -> float:
    """A log entry's time as actionlog.csv writes it (ISO 8601 UTC; in bundles written before, seconds since 1970)."""
    if not value:
        return 0.0
    try:
        return float(value)
    except ValueError:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def _check_results(report: VerifyReport, bundle: _Bundle) -> dict[str, Any] | None:
    text = bundle.text("results.json")
    if text is None:
        report.add(False, "results.json", _("cannot be checked (missing or changed)"))
        return None
    results: dict[str, Any] = json.loads(text)
    manifest_fingerprint = bundle.manifest.get("cocity", {}).get("fingerprint")
    if results.get("fingerprint") != manifest_fingerprint:
        report.add(False, "results.json", _("its fingerprint differs from the one in datapackage.json"))
    csv_text = bundle.files.get("results.csv")
    csv_rows: dict[tuple[int, int], dict[str, str]] = {}
    if csv_text is None:
        report.add(False, "results.csv", _("cannot be checked (missing or changed)"))
    else:
        csv_rows = {(_int(r["round_id"]), _int(r["idea_id"])): r for r in read_csv(csv_text)}
    merges = {_int(m["idea_id"]): _int(m["merged_into"]) for m in results.get("merged_ideas", [])}
    seen_rows: set[tuple[int, int]] = set()
    for event in results.get("vote_events", []):
        round_id = _int(event["identifier"])
        subject = _("round {id}").format(id=round_id)
        problems = _event_problems(event, merges)
        for key, row in ((k, r) for k, r in csv_rows.items() if k[0] == round_id):
            seen_rows.add(key)
            count = next((c for c in event["counts"] if c["idea_id"] == key[1]), None)
            if count is None:
                problems.append(_("idea {idea} is in results.csv but not in results.json").format(idea=key[1]))
                continue
            for column, json_key in (
                ("phone_dots", "phone_dots"),
                ("paper_dots", "paper_dots"),
                ("total_dots", "value"),
                ("rank", "rank"),
            ):
                if _int(row[column]) != count[json_key]:
                    problems.append(
                        _("idea {idea}: {column} is {csv} in results.csv but {json} in results.json").format(
                            idea=key[1], column=column, csv=row[column], json=count[json_key]
                        )
                    )
        if csv_text is not None:
            missing = {c["idea_id"] for c in event["counts"]} - {k[1] for k in csv_rows if k[0] == round_id}
            problems += [
                _("idea {idea} is in results.json but not in results.csv").format(idea=i) for i in sorted(missing)
            ]
        if problems:
            for problem in problems:
                report.add(False, subject, problem)
        else:
            report.add(True, subject, _("published tallies are consistent (totals, ranks, dot budget)"))
    for key in sorted(set(csv_rows) - seen_rows):
        report.add(False, "results.csv", _("round {id} is not in results.json").format(id=key[0]))
    return results


def _event_problems(event: Mapping[str, Any], merges: Mapping[int, int]) -> list[str]:
    problems: list[str] = []
    counts = event["counts"]
    method = event["method"]
    ballots = _int(event["ballots_cast"])
    for count in counts:
        if count["value"] != count["phone_dots"] + count["paper_dots"]:
            problems.append(_("idea {idea}: the total is not phone plus paper dots").format(idea=count["idea_id"]))
    ordered = sorted(counts, key=lambda c: ranking_key(c["idea_id"], c["value"]))
    if [c["idea_id"] for c in ordered] != [c["idea_id"] for c in counts]:
        problems.append(_("the ideas are not in order of their totals"))
    for count, expected_rank in zip(ordered, competition_ranks([c["value"] for c in ordered]), strict=True):
        if count["rank"] != expected_rank:
            problems.append(_("idea {idea}: the rank does not follow from the totals").format(idea=count["idea_id"]))
    phone_total = sum(c["phone_dots"] for c in counts)
    if phone_total > ballots * _int(method["dots_per_participant"]):
        problems.append(
            _("{dots} phone dots are more than {ballots} ballots can hold").format(dots=phone_total, ballots=ballots)
        )
    paper: dict[int, int] = defaultdict(int)
    for sheet in event.get("paper_dots", []):
        paper[resolve_merge(_int(sheet["idea_id"]), merges)] += _int(sheet["count"])
    for count in counts:
        if paper.get(count["idea_id"], 0) != count["paper_dots"]:
            problems.append(
                _("idea {idea}: paper dots do not match the paper counts entered").format(idea=count["idea_id"])
            )
    return problems


# -- the action log ----------------------------------------------------------------------------------
def _check_log(report: VerifyReport, bundle: _Bundle, results: Mapping[str, Any]) -> list[LogEntry] | None:
    subject = _("action log")
    data = bundle.files.get("actionlog.csv")
    if data is None:
        report.add(False, subject, _("cannot be checked (actionlog.csv missing or changed)"))
        return None
    entries = [
        LogEntry(
            height=_int(row["height"]),
            prev_hash=row["prev_hash"],
            type=row["type"],
            payload_hash=row["payload_hash"],
            hash=row["hash"],
            at=_timestamp(row["at"]),
            payload=row["payload"],
        )
        for row in read_csv(data)
    ]
    problems = verify_chain(entries)
    for problem in problems:
        report.add(False, subject, _("entry {height}: {reason}").format(height=problem.height, reason=problem.reason))
    head = fingerprint(entries)
    expected = results.get("fingerprint")
    if head != expected:
        report.add(
            False,
            subject,
            _("its last hash {head} is not the fingerprint {fingerprint}: entries are missing or were added").format(
                head=head, fingerprint=expected
            ),
        )
    elif len(entries) != results.get("log_entries"):
        report.add(
            False,
            subject,
            _("it has {n} entries, results.json says {expected}").format(
                n=len(entries), expected=results.get("log_entries")
            ),
        )
    elif not problems:
        report.add(
            True,
            subject,
            _("{n} entries, chain intact, last hash equals the fingerprint").format(n=len(entries)),
        )
    return entries


# -- ballots --------------------------------------------------------------------------------------------
def _check_ballots(
    report: VerifyReport, bundle: _Bundle, results: Mapping[str, Any], log: list[LogEntry] | None
) -> None:
    """Recount every round from its ballots; with a usable log, check them against its records too."""
    data = bundle.files.get("ballots.csv")
    if data is None:
        report.add(False, "ballots.csv", _("cannot be checked (missing or changed)"))
        return
    allocations: dict[int, dict[int, dict[int, int]]] = defaultdict(dict)
    for row in read_csv(data):
        ballot = allocations[_int(row["round_id"])].setdefault(_int(row["ballot"]), {})
        ballot[_int(row["idea_id"])] = _int(row["dots"])
    merges = {_int(m["idea_id"]): _int(m["merged_into"]) for m in results.get("merged_ideas", [])}
    records = _round_records(log or [])
    for event in results.get("vote_events", []):
        round_id = _int(event["identifier"])
        subject = _("round {id}").format(id=round_id)
        ballots = [Ballot(round_id, number, dots) for number, dots in sorted(allocations.get(round_id, {}).items())]
        problems = _ballot_rule_problems(event, ballots)
        paper = [
            PaperDots(index, round_id, _int(p["idea_id"]), _int(p["count"]))
            for index, p in enumerate(event.get("paper_dots", []))
        ]
        cap = _int(event["method"]["max_per_idea"])
        tally = tally_round(round_id, event["ballot_idea_ids"], ballots, paper, merges, None, cap)
        if tally.ballots != _int(event["ballots_cast"]):
            problems.append(
                _("{found} ballots in ballots.csv, but results say {published}").format(
                    found=tally.ballots, published=event["ballots_cast"]
                )
            )
        published = {c["idea_id"]: c for c in event["counts"]}
        for item in tally.ideas:
            count = published.get(item.idea_id)
            if count is None or (count["phone_dots"], count["paper_dots"]) != (item.phone_dots, item.paper_dots):
                shown = "-" if count is None else f"{count['phone_dots']}+{count['paper_dots']}"
                problems.append(
                    _("idea {idea}: the ballots give {phone}+{paper} dots, the results say {shown}").format(
                        idea=item.idea_id, phone=item.phone_dots, paper=item.paper_dots, shown=shown
                    )
                )
        record = records.get(round_id)
        if log is None:
            record_problems = []  # the log could not be used; its own problem is already reported
        elif record is None and event.get("state") == "open":
            report.add(True, subject, _("still open when exported: its ballots are not yet sealed in the action log"))
            record_problems = _log_problems(None, ballots, paper, _paper_from_log(log, round_id))[:-1]
        else:
            record_problems = _log_problems(record, ballots, paper, _paper_from_log(log, round_id))
        problems += record_problems
        if problems:
            for problem in problems:
                report.add(False, subject, problem)
        else:
            report.add(
                True,
                subject,
                _("tallies recomputed from {n} ballots match the results and the action log").format(n=len(ballots)),
            )


def _ballot_rule_problems(event: Mapping[str, Any], ballots: list[Ballot]) -> list[str]:
    method = event["method"]
    rules = PublishedRules(
        tuple(_int(i) for i in event["ballot_idea_ids"]),
        _int(method["dots_per_participant"]),
        _int(method["max_per_idea"]),
    )
    numbers = [b.participant_id for b in ballots]  # the ballot column of ballots.csv
    return [
        _("ballot {n} breaks the round's rules: {reason}").format(n=numbers[p.ballot - 1], reason=p.reason)
        for p in ballot_problems(_int(event["identifier"]), rules, (b.dots for b in ballots))
    ]


def _round_records(log: list[LogEntry]) -> dict[int, tuple[LogEntry, dict[str, Any]]]:
    """The last closing or reveal entry of each round (a reopened round is closed again later)."""
    found: dict[int, tuple[LogEntry, dict[str, Any]]] = {}
    for entry in log:
        if entry.type in (*ROUND_RECORDS, "round_opened") and entry.payload:
            payload = json.loads(entry.payload)
            if entry.type == "round_opened":
                found.pop(_int(payload["round"]), None)  # reopened: ballots may change until it closes again
            else:
                found[_int(payload["round"])] = (entry, payload)
    return found


def _paper_from_log(log: list[LogEntry], round_id: int) -> dict[str, int]:
    """The paper dots of a round as the log's paper entries left them (a count of 0 removes them)."""
    paper: dict[str, int] = {}
    for entry in log:
        if entry.type == "paper_dots" and entry.payload:
            payload = json.loads(entry.payload)
            if _int(payload["round"]) == round_id:
                paper[str(payload["idea"])] = _int(payload["count"])
    return {k: v for k, v in paper.items() if v}


def _log_problems(
    record: tuple[LogEntry, dict[str, Any]] | None,
    ballots: list[Ballot],
    paper: list[PaperDots],
    logged_paper: dict[str, int],
) -> list[str]:
    problems = []
    if logged_paper != {str(p.idea_id): p.count for p in paper}:
        problems.append(_("the paper dots differ from those entered in the action log"))
    if record is None:
        return [*problems, _("the action log has no closing entry for this round, so its ballots cannot be checked")]
    entry, payload = record
    if payload.get("ballots_digest") != ballots_digest((b.participant_id, b.dots) for b in ballots):
        problems.append(
            _("the ballots do not match the digest the action log recorded (entry {height})").format(
                height=entry.height
            )
        )
    raw: dict[str, int] = defaultdict(int)
    for ballot in ballots:
        for idea_id, dots in ballot.dots.items():
            raw[str(idea_id)] += dots
    if payload.get("phone_dots") is not None and payload["phone_dots"] != dict(raw):
        problems.append(
            _("the phone dots differ from those the action log recorded (entry {height})").format(height=entry.height)
        )
    return problems
