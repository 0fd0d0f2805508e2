"""What a new workshop starts with for each template: agenda, groups, age bands, youth mode, and the legal basis
and retention its data-protection section states until the facilitator sets their own."""

from __future__ import annotations

from dataclasses import dataclass

from cocity_workshop.core.model import Template
from cocity_workshop.core.privacy import LegalBasis
from cocity_workshop.i18n import N_, _


@dataclass(frozen=True)
class TemplateDefaults:
    """The starting point of a new workshop of one kind (strings are translated when applied)."""

    phases: tuple[tuple[str, int], ...]  # (title, planned minutes)
    groups: tuple[str, ...]
    age_bands: tuple[str, ...]
    youth_mode: bool
    dots_per_participant: int
    max_per_idea: int
    legal_basis: LegalBasis = LegalBasis.PUBLIC_TASK
    retention_months: int = 12


_COMMON_GROUPS = (N_("Citizens"), N_("Business"), N_("City staff"), N_("NGO"), N_("Academia"))

TEMPLATES: dict[Template, TemplateDefaults] = {
    Template.HACKATHON: TemplateDefaults(
        phases=(
            (N_("Welcome"), 15),
            (N_("Explore the challenge"), 30),
            (N_("Ideate"), 45),
            (N_("Build and prototype"), 240),
            (N_("Pitch"), 45),
            (N_("Vote"), 15),
            (N_("Action planning"), 30),
        ),
        groups=(N_("Developers"), N_("Designers"), N_("City staff"), N_("Citizens"), N_("Business")),
        age_bands=(N_("under 18"), N_("18-29"), N_("30-49"), N_("50+")),
        youth_mode=False,
        dots_per_participant=5,
        max_per_idea=3,
        legal_basis=LegalBasis.CONSENT,  # people sign up to a hackathon, often run with partners
        retention_months=12,
    ),
    Template.LIVING_LAB: TemplateDefaults(
        phases=(
            (N_("Welcome"), 10),
            (N_("Explore the challenge"), 25),
            (N_("Ideate"), 30),
            (N_("Cluster"), 15),
            (N_("Vote"), 15),
            (N_("Action planning"), 30),
            (N_("Go official"), 15),
        ),
        groups=_COMMON_GROUPS,
        age_bands=(N_("under 18"), N_("18-29"), N_("30-49"), N_("50-64"), N_("65+")),
        youth_mode=False,
        dots_per_participant=5,
        max_per_idea=3,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention_months=24,  # a living lab comes back to its results in later sprints
    ),
    Template.YOUTH: TemplateDefaults(
        phases=(
            (N_("Welcome"), 10),
            (N_("Explore the challenge"), 20),
            (N_("Ideate"), 30),
            (N_("Cluster"), 10),
            (N_("Vote"), 10),
        ),
        groups=(N_("Students"), N_("Young entrepreneurs"), N_("Mentors"), N_("City staff")),
        age_bands=(N_("under 15"), N_("15-17"), N_("18-21"), N_("22-26"), N_("27+")),
        youth_mode=True,
        dots_per_participant=3,
        max_per_idea=2,
        legal_basis=LegalBasis.CONSENT,  # minors take part: with their (or their parents') consent
        retention_months=6,
    ),
    Template.CO_DESIGN: TemplateDefaults(
        phases=(
            (N_("Welcome"), 10),
            (N_("Explore the challenge"), 20),
            (N_("Ideate"), 30),
            (N_("Cluster"), 15),
            (N_("Vote"), 15),
            (N_("Action planning"), 25),
        ),
        groups=_COMMON_GROUPS,
        age_bands=(N_("under 18"), N_("18-29"), N_("30-49"), N_("50-64"), N_("65+")),
        youth_mode=False,
        dots_per_participant=5,
        max_per_idea=3,
        legal_basis=LegalBasis.PUBLIC_TASK,
        retention_months=12,
    ),
}


def template_defaults(template: Template) -> TemplateDefaults:
    """The defaults of ``template`` with every name translated into the current language."""
    base = TEMPLATES[template]
    return TemplateDefaults(
        phases=tuple((_(title), minutes) for title, minutes in base.phases),
        groups=tuple(_(g) for g in base.groups),
        age_bands=tuple(_(a) for a in base.age_bands),
        youth_mode=base.youth_mode,
        dots_per_participant=base.dots_per_participant,
        max_per_idea=base.max_per_idea,
        legal_basis=base.legal_basis,
        retention_months=base.retention_months,
    )
