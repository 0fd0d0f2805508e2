"""What a CKAN dataset says about a bundle, from its ``datapackage.json`` (decision 0053, addendum).

- ``title``, ``notes`` (the challenge), ``license_id``, ``version`` and ``url`` (the workshop's page);
- ``author``: the organisers; ``maintainer``: the controller (else the organisers); ``maintainer_email``: the
  data-protection contact's e-mail address;
- ``tags``: the keywords (what the bundle is, the city, the workshop's themes) as CKAN's tag rules allow;
- ``extras``: the place, the workshop's date, the fingerprint, the app's version and the contact as written.

Updates read the dataset first (``package_show``) and change only what differs; tags and extras someone
added on the portal are kept, ours are added or brought up to date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from cocity_workshop.core.licences import DEFAULT_LICENCE, data_licence, licence_for_open_definition
from cocity_workshop.sync.bundlefile import BundleInfo

#: The oldest CKAN the target works with (API tokens in ``Authorization``, the 2.10 action schemas).
MIN_CKAN_VERSION = (2, 10)
#: CKAN's limits for a tag (``ckan.model.MIN_TAG_LENGTH``, ``MAX_TAG_LENGTH``) and for short text fields.
TAG_MIN, TAG_MAX = 2, 100
FIELD_MAX = 100
#: What CKAN's ``tag_name_validator`` refuses: anything but letters, digits, ``_``, ``-``, ``.`` and spaces.
_NOT_IN_TAG = re.compile(r"[^\w \-.]+")
#: The extras this app writes (a key must not be one of CKAN's own fields).
EXTRA_KEYS = ("place", "workshop_date", "fingerprint", "app_version", "data_protection_contact")


def ckan_version(text: str) -> tuple[int, ...] | None:
    """The numbers at the start of a ``ckan_version`` ("2.11.5", "2.10.0a"), or ``None`` when there are none."""
    numbers = re.findall(r"\d+", text.split("-", 1)[0])[:3]
    return tuple(int(n) for n in numbers) if numbers else None


def tag_name(keyword: str) -> str:
    """``keyword`` as a CKAN tag (other characters as spaces, at most 100), or "" when too short for one."""
    name = " ".join(_NOT_IN_TAG.sub(" ", keyword).split())[:TAG_MAX].strip()
    return name if len(name) >= TAG_MIN else ""


def tag_names(bundle: BundleInfo) -> list[str]:
    """The bundle's keywords as CKAN tags, each once."""
    return list(dict.fromkeys(t for t in (tag_name(k) for k in bundle.keywords) if t))


def extras(bundle: BundleInfo) -> dict[str, str]:
    """The extras the app writes, those with a value."""
    contact = next((c.title for c in bundle.with_role("contact")), "")
    found = {
        "place": bundle.place,
        "workshop_date": bundle.date,
        "fingerprint": bundle.fingerprint,
        "app_version": bundle.app_version,
        "data_protection_contact": contact,
    }
    return {k: v for k, v in found.items() if v}


def _short(text: str) -> str:
    return text if len(text) <= FIELD_MAX else text[: FIELD_MAX - 1].rstrip() + "\u2026"


def dataset_fields(bundle: BundleInfo) -> dict[str, Any]:
    """The dataset's own fields (not tags or extras) as the bundle gives them."""
    licence = licence_for_open_definition(bundle.licence) or data_licence(DEFAULT_LICENCE)
    organisers = "; ".join(c.title for c in bundle.with_role("publisher"))
    controller = next((c.title for c in bundle.with_role("controller")), "")
    email = next((c.email for c in bundle.with_role("contact") if c.email), "")
    return {
        "title": bundle.title[:200],
        "notes": bundle.description,
        "license_id": licence.ckan_id,
        "version": _short(bundle.version),
        "url": bundle.homepage,
        "author": organisers,
        "maintainer": controller or organisers,
        "maintainer_email": email,
    }


def wanted_dataset(bundle: BundleInfo) -> dict[str, Any]:
    """Everything a new dataset is created with."""
    return {
        **dataset_fields(bundle),
        "tags": [{"name": t} for t in tag_names(bundle)],
        "extras": [{"key": k, "value": v} for k, v in extras(bundle).items()],
    }


def dataset_changes(package: Mapping[str, Any], bundle: BundleInfo) -> dict[str, Any]:
    """What a ``package_patch`` must change so the dataset says what the bundle says (empty: nothing).

    Fields are compared one by one (CKAN gives ``None`` for an empty one). Tags and extras are merged: the
    portal's own stay, ours are added, and our extras' values are replaced.
    """
    changes = {k: v for k, v in dataset_fields(bundle).items() if (package.get(k) or "") != v}
    have_tags = [str(t.get("name")) for t in _dicts(package.get("tags"))]
    missing = [t for t in tag_names(bundle) if t not in have_tags]
    if missing:
        changes["tags"] = [{"name": t} for t in [*have_tags, *missing]]
    have_extras = {str(e.get("key")): str(e.get("value") or "") for e in _dicts(package.get("extras"))}
    ours = extras(bundle)
    if any(have_extras.get(k) != v for k, v in ours.items()):
        merged = {**have_extras, **ours}
        changes["extras"] = [{"key": k, "value": v} for k, v in merged.items()]
    return changes


def _dicts(value: object) -> Sequence[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
