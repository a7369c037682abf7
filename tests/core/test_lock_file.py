"""requirements.lock (what `make install` installs, README "Dependencies") covers
pyproject.toml: every declared dependency, the test extra and the build backend are
pinned to a version the declaration allows, and every pin carries hashes."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _locked() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes)."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), 0)
        elif line[:1].isspace() and current and "--hash=sha256:" in line:
            version, hashes = pins[current]
            pins[current] = (version, hashes + line.count("--hash=sha256:"))
        elif not line[:1].isspace():
            current = None
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lines = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
             *project["build-system"]["requires"]]
    return [Requirement(line) for line in lines]


def test_every_declared_requirement_is_locked_within_its_range():
    pins = _locked()
    wrong = []
    for requirement in _declared():
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None or not requirement.specifier.contains(pin[0], prereleases=True):
            wrong.append(f"{requirement} (locked: {pin[0] if pin else 'missing'})")
    assert not wrong, f"requirements.lock is behind pyproject.toml, run 'make lock': {wrong}"


def test_every_pin_has_hashes():
    pins = _locked()
    assert len(pins) > 50
    assert not [name for name, (_, hashes) in pins.items() if hashes == 0]
