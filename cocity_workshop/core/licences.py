"""The open licences a workshop's data can be published under: one table for every part of the app.

The workshop file stores a licence's SPDX identifier; the bundle's ``datapackage.json``, the report, the
Prepare panel and the delivery targets take what they need from this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.i18n import N_


@dataclass(frozen=True)
class DataLicence:
    """One open licence (or public-domain dedication) for the workshop's published data."""

    id: str  # SPDX identifier, as stored in the workshop file ("CC-BY-4.0")
    title: str  # the licensor's English title; marked with N_, translate with _ when shown to people
    url: str  # the licence's own page
    open_definition_id: str  # Data Package ``licenses[].name`` must be an Open Definition id ("ODC-ODbL-1.0")
    ckan_id: str  # ``license_id`` in CKAN's default licence list (which has no versions)


LICENCES: tuple[DataLicence, ...] = (
    DataLicence(
        "CC-BY-4.0",
        N_("Creative Commons Attribution 4.0 International"),
        "https://creativecommons.org/licenses/by/4.0/",
        "CC-BY-4.0",
        "cc-by",
    ),
    DataLicence(
        "CC-BY-SA-4.0",
        N_("Creative Commons Attribution-ShareAlike 4.0 International"),
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "CC-BY-SA-4.0",
        "cc-by-sa",
    ),
    DataLicence(
        "CC0-1.0",
        N_("Creative Commons CC0 1.0 Universal"),
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "CC0-1.0",
        "cc-zero",
    ),
    DataLicence(
        "ODbL-1.0",
        N_("Open Data Commons Open Database License (ODbL) 1.0"),
        "https://opendatacommons.org/licenses/odbl/1-0/",
        "ODC-ODbL-1.0",
        "odc-odbl",
    ),
    DataLicence(
        "PDDL-1.0",
        N_("Open Data Commons Public Domain Dedication and License (PDDL) 1.0"),
        "https://opendatacommons.org/licenses/pddl/1-0/",
        "ODC-PDDL-1.0",
        "odc-pddl",
    ),
)

#: The licence of a new workshop, and of every workshop saved before the licence could be chosen.
DEFAULT_LICENCE = "CC-BY-4.0"

_BY_ID = {licence.id: licence for licence in LICENCES}


def data_licence(licence_id: str) -> DataLicence:
    """The licence with SPDX identifier ``licence_id``; an unknown one is refused with the choices."""
    try:
        return _BY_ID[licence_id]
    except (KeyError, TypeError):
        raise InvalidInput(
            "Unknown data licence {licence}. Choose one of: {choices}.",
            licence=licence_id,
            choices=", ".join(_BY_ID),
        ) from None


def licence_for_open_definition(name: str) -> DataLicence | None:
    """The licence a Data Package names (``licenses[].name``, an Open Definition id), if it is one of ours."""
    return next((licence for licence in LICENCES if licence.open_definition_id == name), None)
