"""The data licence table: one entry per licence, looked up by SPDX id, an unknown id refused with the choices."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.core.licences import DEFAULT_LICENCE, LICENCES, data_licence
from cocity_workshop.core.model import Workshop


def test_table_has_the_default_and_unique_ids() -> None:
    """Every licence has its own SPDX id, Open Definition id and CKAN id; the default is CC BY 4.0."""
    assert DEFAULT_LICENCE == "CC-BY-4.0" == Workshop(title="T").data_licence
    assert data_licence(DEFAULT_LICENCE) is LICENCES[0]
    for column in ("id", "open_definition_id", "ckan_id", "url", "title"):
        values = [getattr(licence, column) for licence in LICENCES]
        assert len(set(values)) == len(values), column
    assert all(licence.url.startswith("https://") for licence in LICENCES)


def test_ckan_ids_are_from_ckans_default_list() -> None:
    """CKAN's default licence list names these ids; a portal refuses a license_id it does not know."""
    assert {licence.id: licence.ckan_id for licence in LICENCES} == {
        "CC-BY-4.0": "cc-by",
        "CC-BY-SA-4.0": "cc-by-sa",
        "CC0-1.0": "cc-zero",
        "ODbL-1.0": "odc-odbl",
        "PDDL-1.0": "odc-pddl",
    }


@pytest.mark.parametrize("unknown", ["CC-BY-NC-4.0", "cc-by-4.0", "", None])
def test_unknown_licence_is_refused_with_the_choices(unknown: object) -> None:
    """A licence not in the table (a non-open one, a wrong spelling) is refused, naming the valid ids."""
    with pytest.raises(InvalidInput, match=r"Unknown data licence .*Choose one of: CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0"):
        data_licence(unknown)  # type: ignore[arg-type]


def test_a_data_packages_licence_name_leads_back_to_the_licence() -> None:
    from cocity_workshop.core.licences import LICENCES, licence_for_open_definition

    assert all(licence_for_open_definition(licence.open_definition_id) is licence for licence in LICENCES)
    assert licence_for_open_definition("ODC-ODbL-1.0") is not None
    assert licence_for_open_definition("ODbL-1.0") is None  # SPDX id, not the Open Definition one
    assert licence_for_open_definition("") is None
