"""The ``sync`` command: deliver queued results bundles to the city, or show the outbox."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cocity_workshop.cli.export_commands import add_decidim_options, decidim_format
from cocity_workshop.cli.output import format_time
from cocity_workshop.i18n import _
from cocity_workshop.session import WorkshopSession
from cocity_workshop.sync import DELIVERED, BundleStatus, DeliveryStatus, Outbox, SyncProgress


def register(subparsers: Any) -> None:
    """Add the ``sync`` command."""
    sync = subparsers.add_parser(
        "sync",
        help=_("deliver results bundles to the city's systems (folder, WebDAV, CKAN, e-mail)"),
        description=_(
            "Deliver what waits in the outbox to the targets in the sync settings file. With a workshop file, "
            "first export its bundles and queue them; with a bundle ZIP, queue that bundle."
        ),
    )
    sync.add_argument("file", nargs="?", type=Path, help=_("a .cocity workshop file or a bundle .zip (optional)"))
    sync.add_argument("--target", metavar=_("NAME"), help=_("deliver to this target only"))
    sync.add_argument("--status", action="store_true", help=_("show each bundle's state per target; deliver nothing"))
    add_decidim_options(sync)
    sync.set_defaults(handler=sync_command)


def sync_command(args: argparse.Namespace) -> int:
    """Queue ``file`` if given, then deliver (or, with ``--status``, only show the outbox)."""
    outbox = Outbox()
    if args.status:
        return show_status(outbox, args.file)
    decidim = decidim_format(args)
    settings = outbox.settings
    if not settings.enabled():
        print(_("No sync targets are configured. Add them to {path}.").format(path=settings.path))
        return 1
    if args.target:
        settings.target(args.target)
    workshop = None
    bundle_id = None
    if args.file is not None:
        if args.file.suffix.lower() == ".zip":
            bundle_id = outbox.enqueue(args.file).id
        else:
            workshop = args.file
            with WorkshopSession.open(args.file, readonly=True) as session:
                outbox.export_and_enqueue(session, decidim_format=decidim)
    report = outbox.sync(args.target, workshop=workshop, bundle_id=bundle_id, progress=_Progress())
    if not report.results:
        print(_("Nothing to deliver."))
        return 0
    for name, delivery in report.results:
        print(_format_delivery(name, delivery))
    return 0 if report.ok else 1


class _Progress:
    """Prints one line when a delivery starts."""

    def __init__(self) -> None:
        self._current: tuple[str, str] | None = None

    def __call__(self, progress: SyncProgress) -> None:
        key = (progress.bundle_id, progress.target)
        if key != self._current:
            self._current = key
            print(_("Delivering {bundle} to {target}...").format(bundle=progress.bundle_name, target=progress.target))


def _format_delivery(name: str, delivery: DeliveryStatus) -> str:
    if delivery.state == DELIVERED:
        return _("{bundle} -> {target}: delivered to {where}").format(
            bundle=name, target=delivery.target, where=delivery.where
        )
    return _("{bundle} -> {target}: {state}: {problem}").format(
        bundle=name, target=delivery.target, state=delivery.state_label, problem=delivery.problem
    )


def show_status(outbox: Outbox, workshop: Path | None) -> int:
    """Print every queued bundle with each target's state."""
    settings = outbox.settings
    print(_("Settings: {path}").format(path=settings.path))
    print(_("Outbox: {path}").format(path=outbox.directory))
    targets = settings.enabled()
    if targets:
        print(_("Targets: {targets}").format(targets=", ".join(f"{t.name} ({t.type}, {t.tier})" for t in targets)))
    else:
        print(_("Targets: none configured"))
    bundles = outbox.status(workshop=workshop)
    if not bundles:
        print(_("The outbox is empty."))
        return 0
    for bundle in bundles:
        print()
        _print_bundle(bundle)
    return 0


def _print_bundle(bundle: BundleStatus) -> None:
    print(
        _("{name} ({tier} tier, queued {when}, {size} kB)").format(
            name=bundle.name, tier=bundle.tier, when=format_time(bundle.queued_at), size=max(1, bundle.size // 1000)
        )
    )
    if not bundle.deliveries:
        print("  " + _("no target takes this tier"))
    width = max((len(d.target) for d in bundle.deliveries), default=0)
    for delivery in bundle.deliveries:
        label = delivery.target.ljust(width)
        if delivery.state == DELIVERED:
            detail = _("{when} at {where}").format(when=format_time(delivery.delivered_at), where=delivery.where)
        elif delivery.problem:
            when = format_time(delivery.last_try)
            detail = _("last try {when}: {problem}").format(when=when, problem=delivery.problem)
        else:
            detail = _("to {where}").format(where=delivery.where)
        if not delivery.configured:
            detail += " " + _("(target no longer in the settings)")
        print(f"  {label}  {delivery.state_label}  {detail}")
