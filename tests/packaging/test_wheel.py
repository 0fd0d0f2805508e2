"""A wheel built from the project carries every package and the resources, and runs in a fresh environment."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _discovered_packages() -> set[str]:
    return {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "cocity_workshop").rglob("__init__.py")}


def test_every_package_is_listed_for_the_wheel() -> None:
    """pyproject.toml lists packages by hand (for the resources mapping); none may be forgotten."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    assert listed == _discovered_packages() | {"cocity_workshop._resources"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("cocity_workshop-*.whl")
    return built


def test_wheel_contains_resources(wheel: Path) -> None:
    """The phone page, fonts, translations and icons are inside the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {str(p.relative_to(ROOT / "resources")) for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert shipped, "resources/ must not be empty"
    missing = [n for n in shipped if f"cocity_workshop/_resources/{n}" not in names]
    assert not missing, missing[:10]
    for package in _discovered_packages():
        assert package.replace(".", "/") + "/__init__.py" in names


@pytest.mark.slow
def test_wheel_runs_demo_and_report_in_a_fresh_environment(wheel: Path, tmp_path: Path) -> None:
    """pip installs the wheel into a new virtual environment, where `demo` and `report` work."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=900)
    tool = env_dir / "bin" / "cocity-workshop"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run([str(tool), "demo", "demo.cocity", "--lang", "en"], cwd=work, check=True, env=clean, timeout=300)
    subprocess.run([str(tool), "report", "demo.cocity", "-o", "r.pdf"], cwd=work, check=True, env=clean, timeout=300)
    assert (work / "r.pdf").read_bytes().startswith(b"%PDF")
    where = subprocess.run(
        [str(python), "-c", "import cocity_workshop.resources as r; print(r.resources_dir())"],
        cwd=work,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(env_dir)), f"resources must come from the installed wheel, not {where}"
