"""The outbox: bundles waiting to be delivered to the city, and the runs that deliver them.

The outbox lives in the user's data folder, not in the workshop file: it holds a copy of each queued bundle
and ``outbox.json`` with every delivery's state, so it works while the workshop is open elsewhere, and one
``sync`` delivers the bundles of every workshop. Target settings and their secrets stay in ``sync.toml``.

For the desktop app::

    outbox = Outbox()                       # the user's outbox and settings
    outbox.export_and_enqueue(session)      # after "Export for the city"
    for bundle in outbox.status(): ...      # what to show: each bundle, each target, its state
    outbox.sync(progress=on_progress)       # "Sync now", on the background helper (it blocks)
    outbox.sync(automatic=True)             # a timer or "network is back": only what is due

A run never raises for a delivery problem: each problem is recorded (pending or failed, with its reason)
and the run goes on with the next delivery. ``sync`` returns a ``SyncReport``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cocity_workshop.i18n import N_
from cocity_workshop.sync import delivery_status as states
from cocity_workshop.sync.bundlefile import read_bundle
from cocity_workshop.sync.delivery_status import BundleStatus, DeliveryStatus, SyncProgress, SyncReport, render_problem
from cocity_workshop.sync.errors import DeliveryError, OutboxError, ProblemKind
from cocity_workshop.sync.settings import SyncSettings, TargetSettings, default_outbox_dir, load_settings
from cocity_workshop.sync.state import Journal, StateFile, fsync_dir, os_lock
from cocity_workshop.sync.targets import Cancelled, DeliveryContext, make_target

if TYPE_CHECKING:
    from cocity_workshop.bundle.decidim import DecidimFormat
    from cocity_workshop.session import WorkshopSession

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a delivery is tried.

    Within one run, a passing problem (no network, a server error) is tried ``attempts`` times, waiting
    ``first_delay`` seconds, then twice as long each time (at most ``max_delay``), give or take ``jitter``.
    Between automatic runs, a delivery that still failed waits ``later`` seconds, doubling up to ``later_max``.
    """

    attempts: int = 4
    first_delay: float = 1.0
    max_delay: float = 30.0
    jitter: float = 0.25
    later: float = 60.0
    later_max: float = 3600.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """The pause after failed attempt number ``attempt`` (1, 2, ...)."""
        base = min(self.first_delay * 2 ** (attempt - 1), self.max_delay)
        return float(base * (1 + self.jitter * (2 * rng.random() - 1)))

    def next_try(self, failures: int, now: float) -> float:
        """When an automatic run may try again after ``failures`` failed runs in a row."""
        return float(now + min(self.later * 2 ** max(failures - 1, 0), self.later_max))


class Outbox:
    """The user's outbox. Thread-safe across processes; one run at a time (a second gets ``OutboxError``).

    ``directory`` defaults to the user's data folder, ``settings`` to ``sync.toml`` in the user's config
    folder (a path, or a ``SyncSettings`` for tests and previews). Settings are read again on every call,
    so edits apply without a restart.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        settings: SyncSettings | str | os.PathLike[str] | None = None,
        *,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.directory = Path(directory) if directory is not None else default_outbox_dir()
        self._settings = settings
        self.retry_policy = retry or RetryPolicy()
        self._clock = clock
        self._sleep = sleep
        self._rng = random.Random()
        self._state = StateFile(self.directory)

    # -- settings ---------------------------------------------------------------------------------------
    @property
    def settings(self) -> SyncSettings:
        """The target settings as they are now."""
        if isinstance(self._settings, SyncSettings):
            return self._settings
        return load_settings(Path(self._settings) if self._settings is not None else None)

    # -- queueing ---------------------------------------------------------------------------------------
    def enqueue(
        self, bundle_path: str | os.PathLike[str], *, workshop: str | os.PathLike[str] | None = None
    ) -> BundleStatus:
        """Queue a bundle ZIP for every enabled target that takes its tier; returns its status.

        The ZIP is checked (every hash in its ``datapackage.json``) and copied into the outbox. A bundle
        with the same data as one already queued is not queued twice; targets added since get it too.
        A newer bundle of the same name and tier replaces an older one still waiting for a target.
        """
        info = read_bundle(bundle_path)
        bundle_id = info.content_key[:20]
        stored = self.directory / "bundles" / f"{bundle_id}.zip"
        if not stored.exists():
            stored.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".incoming-", suffix=".zip", dir=stored.parent)
            try:
                with os.fdopen(handle, "wb") as out, Path(bundle_path).open("rb") as source:
                    shutil.copyfileobj(source, out)
                    out.flush()
                    os.fsync(out.fileno())
                read_bundle(temp)
                os.replace(temp, stored)
                fsync_dir(stored.parent)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        targets = [t for t in self.settings.enabled() if t.tier == info.tier]
        now = self._clock()
        with self._state.change() as data:
            entry = data["bundles"].setdefault(
                bundle_id,
                {
                    "id": bundle_id,
                    "name": info.name,
                    "title": info.title,
                    "tier": info.tier,
                    "size": stored.stat().st_size,
                    "zip": f"bundles/{bundle_id}.zip",
                    "queued_at": now,
                    "workshop": None,
                    "deliveries": {},
                },
            )
            if workshop is not None:
                entry["workshop"] = str(Path(workshop).resolve())
            for target in targets:
                if target.name in entry["deliveries"]:
                    continue
                entry["deliveries"][target.name] = {"state": states.PENDING, "attempts": 0, "failures": 0}
                for other_id, other in data["bundles"].items():
                    if other_id == bundle_id or other["name"] != info.name or other["tier"] != info.tier:
                        continue
                    delivery = other["deliveries"].get(target.name)
                    if delivery and delivery["state"] in (states.PENDING, states.FAILED) and other["queued_at"] <= now:
                        delivery["state"] = states.SUPERSEDED
        return self._status_of(self._state.read()["bundles"][bundle_id], self.settings)

    def tiers_needed(self) -> list[str]:
        """The bundle tiers the enabled targets take ("city", "public")."""
        return sorted({t.tier for t in self.settings.enabled()})

    def export_and_enqueue(
        self, session: WorkshopSession, *, language: str | None = None, decidim_format: DecidimFormat | None = None
    ) -> list[BundleStatus]:
        """Export the bundle of each tier the targets need from ``session`` and queue it.

        ``decidim_format`` names the city's Decidim locales and CSV separator for the bundle's Decidim files
        (the same choice as the Export panel's and ``export --decidim-locales``; default: the workshop's language).

        Raises ``OutboxError`` when no target is configured (nothing would be delivered).
        """
        from cocity_workshop.bundle import export_bundle

        tiers = self.tiers_needed()
        if not tiers:
            raise OutboxError(
                N_("No sync targets are configured. Add them to {path}."), path=str(self.settings.path or "")
            )
        incoming = self.directory / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        queued = []
        for tier in tiers:
            path = incoming / f"export-{os.getpid()}-{tier}.zip"
            try:
                export_bundle(session, path, tier=tier, language=language, decidim_format=decidim_format)
                queued.append(self.enqueue(path, workshop=session.path))
            finally:
                with contextlib.suppress(OSError):
                    path.unlink()
        return queued

    def retry(self, bundle_id: str, target: str | None = None) -> None:
        """Make a delivered or failed delivery pending again (to send it once more)."""
        with self._state.change() as data:
            entry = data["bundles"].get(bundle_id)
            if entry is None:
                raise OutboxError(N_("There is no bundle {id} in the outbox."), id=bundle_id)
            for name, delivery in entry["deliveries"].items():
                if target in (None, name) and delivery["state"] in (states.DELIVERED, states.FAILED):
                    delivery.update(state=states.PENDING, next_try=None)
                    # an e-mail remembers it was sent (keyed by the bundle's content): forget that, to send again
                    remote = data["remote"].get(name, {})
                    for key in [k for k in remote if k.startswith(bundle_id)]:
                        remote.pop(key, None)

    def remove(self, bundle_id: str) -> None:
        """Take a bundle out of the outbox (its deliveries are forgotten; copies already made stay)."""
        with self._state.change() as data:
            entry = data["bundles"].pop(bundle_id, None)
        if entry is not None:
            with contextlib.suppress(OSError):
                (self.directory / entry["zip"]).unlink()

    # -- status -----------------------------------------------------------------------------------------
    def status(self, *, workshop: str | os.PathLike[str] | None = None) -> list[BundleStatus]:
        """Every queued bundle (newest first) with each target's state; only ``workshop``'s when given."""
        settings = self.settings
        wanted = str(Path(workshop).resolve()) if workshop is not None else None
        bundles = [
            self._status_of(entry, settings)
            for entry in self._state.read()["bundles"].values()
            if wanted is None or entry.get("workshop") == wanted
        ]
        return sorted(bundles, key=lambda b: (-b.queued_at, b.name))

    def has_pending(self, *, due_only: bool = False) -> bool:
        """Whether a delivery waits (``due_only``: one an automatic run would try now)."""
        now = self._clock()
        for bundle in self.status():
            for delivery in bundle.deliveries:
                if not delivery.configured or delivery.state != states.PENDING:
                    continue
                if not due_only or delivery.next_try is None or delivery.next_try <= now:
                    return True
        return False

    def _status_of(self, entry: dict[str, Any], settings: SyncSettings) -> BundleStatus:
        configured = {t.name: t for t in settings.enabled()}
        deliveries = []
        for name, delivery in sorted(entry["deliveries"].items()):
            target = configured.get(name)
            where = delivery.get("where") or (make_target(target).describe() if target else "")
            problem = delivery.get("problem") if delivery["state"] in (states.PENDING, states.FAILED) else None
            deliveries.append(
                DeliveryStatus(
                    target=name,
                    target_type=target.type if target else str(delivery.get("target_type", "")),
                    state=delivery["state"],
                    where=where,
                    delivered_at=delivery.get("delivered_at"),
                    last_try=delivery.get("last_try"),
                    next_try=delivery.get("next_try"),
                    attempts=int(delivery.get("attempts", 0)),
                    problem=render_problem(problem),
                    problem_kind=str((problem or {}).get("kind", "")),
                    configured=target is not None,
                )
            )
        return BundleStatus(
            id=entry["id"],
            name=entry["name"],
            title=entry["title"],
            tier=entry["tier"],
            workshop=entry.get("workshop"),
            queued_at=float(entry["queued_at"]),
            size=int(entry.get("size", 0)),
            deliveries=tuple(deliveries),
        )

    # -- delivering -------------------------------------------------------------------------------------
    def sync(
        self,
        target: str | None = None,
        *,
        workshop: str | os.PathLike[str] | None = None,
        bundle_id: str | None = None,
        progress: Callable[[SyncProgress], None] | None = None,
        automatic: bool = False,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """Deliver what is waiting; blocks until done (run it off the GUI thread).

        ``target``, ``workshop`` and ``bundle_id`` narrow what is delivered. A manual run (the default)
        tries pending and failed deliveries now; ``automatic=True`` tries only pending ones that are due
        (after their backoff), for a timer or a "network is back" signal. ``cancel`` stops the run between
        two steps; what was not finished stays pending and resumes next time. Raises ``OutboxError`` when
        another run is going on or ``target`` is unknown.
        """
        settings = self.settings
        if target is not None:
            settings.target(target)
        cancel = cancel or threading.Event()
        wanted_workshop = str(Path(workshop).resolve()) if workshop is not None else None
        report = SyncReport()
        with os_lock(self.directory / "sync.lock", blocking=False) as taken:
            if not taken:
                raise OutboxError(N_("Another sync is already running; try again when it has finished."))
            now = self._clock()
            work: list[tuple[str, TargetSettings]] = []
            enabled = {t.name: t for t in settings.enabled()}
            for entry in sorted(self._state.read()["bundles"].values(), key=lambda e: e["queued_at"]):
                if bundle_id is not None and entry["id"] != bundle_id:
                    continue
                if wanted_workshop is not None and entry.get("workshop") != wanted_workshop:
                    continue
                for name, delivery in sorted(entry["deliveries"].items()):
                    if target not in (None, name) or name not in enabled:
                        continue
                    if delivery["state"] == states.PENDING or (delivery["state"] == states.FAILED and not automatic):
                        if automatic and (delivery.get("next_try") or 0) > now:
                            continue
                        work.append((entry["id"], enabled[name]))
            for entry_id, target_settings in work:
                if cancel.is_set():
                    report.cancelled = True
                    break
                status = self._deliver(entry_id, target_settings, progress, cancel)
                if status is None:
                    report.cancelled = True
                    break
                entry = self._state.read()["bundles"][entry_id]
                report.results.append((entry["name"], status))
        return report

    def _deliver(
        self,
        bundle_id: str,
        settings: TargetSettings,
        progress: Callable[[SyncProgress], None] | None,
        cancel: threading.Event,
    ) -> DeliveryStatus | None:
        """Deliver one bundle to one target, with retries; record and return the outcome (None: cancelled)."""
        entry = self._state.read()["bundles"][bundle_id]
        try:
            info = read_bundle(self.directory / entry["zip"])
        except OutboxError as error:
            problem = DeliveryError(ProblemKind.BUNDLE, error.template, **error.params)
            return self._record(bundle_id, settings, problem=problem)
        target = make_target(settings)

        def on_file(path: str, done: int, total: int) -> None:
            if progress is not None:
                progress(SyncProgress(bundle_id, info.name, settings.name, path, done, total))

        context = DeliveryContext(info, Journal(self._state, settings.name), on_file, cancel)
        on_file("", 0, info.size)  # a delivery starts (before any network traffic)
        attempt = 0
        while True:
            attempt += 1
            try:
                where = target.deliver(context)
            except Cancelled:
                return None
            except DeliveryError as error:
                log.info("sync %s to %s: attempt %d: %s", info.name, settings.name, attempt, error.message("en"))
                if error.transient and attempt < self.retry_policy.attempts and not cancel.is_set():
                    self._sleep(self.retry_policy.delay(attempt, self._rng))
                    continue
                return self._record(bundle_id, settings, problem=error)
            except Exception as error:  # a bug must not stop the other deliveries
                log.exception("sync %s to %s failed unexpectedly", info.name, settings.name)
                problem = DeliveryError(
                    ProblemKind.SERVER,
                    N_("The delivery stopped on an unexpected error: {error}"),
                    error=f"{type(error).__name__}: {error}",
                )
                return self._record(bundle_id, settings, problem=problem, failed=True)
            return self._record(bundle_id, settings, where=where)

    def _record(
        self,
        bundle_id: str,
        settings: TargetSettings,
        *,
        where: str | None = None,
        problem: DeliveryError | None = None,
        failed: bool = False,
    ) -> DeliveryStatus:
        now = self._clock()
        with self._state.change() as data:
            entry = data["bundles"][bundle_id]
            delivery = entry["deliveries"].setdefault(
                settings.name, {"state": states.PENDING, "attempts": 0, "failures": 0}
            )
            delivery["attempts"] = int(delivery.get("attempts", 0)) + 1
            delivery["last_try"] = now
            delivery["target_type"] = settings.type
            if problem is None:
                delivery.update(
                    state=states.DELIVERED, where=where, delivered_at=now, problem=None, failures=0, next_try=None
                )
            else:
                failures = int(delivery.get("failures", 0)) + 1
                delivery.update(
                    state=states.PENDING if problem.stays_pending and not failed else states.FAILED,
                    problem={
                        "kind": problem.kind.value,
                        "template": problem.template,
                        "params": {k: str(v) for k, v in problem.params.items()},
                    },
                    failures=failures,
                    next_try=self.retry_policy.next_try(failures, now),
                )
        status = self._status_of(self._state.read()["bundles"][bundle_id], self.settings)
        return next(d for d in status.deliveries if d.target == settings.name)
