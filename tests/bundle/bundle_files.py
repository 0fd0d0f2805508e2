"""Reading and rewriting bundles in tests (to tamper with them the way an attacker or an accident would)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path


def read_bundle(path: Path) -> dict[str, bytes]:
    """Every file of a bundle by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite_bundle(
    source: Path, target: Path, changes: Mapping[str, bytes | None], *, fix_manifest: bool = False
) -> Path:
    """Copy a bundle with files replaced (``None`` removes one); with ``fix_manifest`` the hashes and sizes
    in datapackage.json are updated too, as a careful forger would."""
    files = read_bundle(source)
    for name, data in changes.items():
        if data is None:
            files.pop(name, None)
        else:
            files[name] = data
    if fix_manifest:
        manifest = json.loads(files["datapackage.json"])
        for resource in manifest["resources"]:
            data = files.get(resource["path"])
            if data is not None:
                resource["bytes"] = len(data)
                resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        files["datapackage.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return target
