#!/usr/bin/env python3
"""Make a virtual environment with pip in it, using nothing but Python's standard library.

    python3 tools/make_venv.py .venv

Why not `python3 -m venv .venv`: on a fresh Debian or Ubuntu the system python3 has no
ensurepip unless the python3-venv package is installed, so that command fails, and the system
pip is refused (PEP 668, "externally-managed-environment"). This script makes the venv
without pip, then puts pip in it: with ensurepip when this Python has it (python.org, macOS,
Windows, python3-venv installed), else from pip's wheel on PyPI, its sha256 checked against
the index, which then installs itself. Run again on a venv that has pip, it does nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import venv
from pathlib import Path

INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
_WHEEL = re.compile(r"pip-([0-9]+(?:\.[0-9]+)*)-py3-none-any\.whl")
_SPEC = re.compile(r"\s*(>=|<=|==|!=|>|<)\s*([0-9]+(?:\.[0-9]+)*)\s*")


def say(text: str) -> None:
    """Progress on stderr, one line."""
    print(f"make_venv: {text}", file=sys.stderr, flush=True)


def venv_python(target: Path) -> Path:
    """The venv's interpreter."""
    return target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def has_pip(python: Path) -> bool:
    """True when `python -m pip` works."""
    return python.is_file() and subprocess.run([str(python), "-m", "pip", "--version"],
                                               capture_output=True).returncode == 0


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


def supports_this_python(requires: str | None) -> bool:
    """Whether a Requires-Python like `>=3.9,!=3.10.0` admits this interpreter (clauses
    this small parser does not know, such as wildcards, count as not met)."""
    here = sys.version_info[:3]
    for clause in filter(None, (requires or "").split(",")):
        m = _SPEC.fullmatch(clause)
        if not m:
            return False
        op, want = m.group(1), _version(m.group(2))
        have = here[:len(want)] if op in ("==", "!=") else here
        ok = {">=": have >= want, "<=": have <= want, ">": have > want, "<": have < want,
              "==": have == want, "!=": have != want}[op]
        if not ok:
            return False
    return True


def newest_pip_wheel() -> tuple[str, str, str]:
    """(file name, URL, sha256) of the newest pip wheel on the index that runs here."""
    req = urllib.request.Request(f"{INDEX}/pip/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req, timeout=60) as reply:
        page = json.load(reply)
    best: tuple[tuple[int, ...], str, str, str] | None = None
    for f in page["files"]:
        m = _WHEEL.fullmatch(f["filename"])
        if not m or f.get("yanked") or "sha256" not in f.get("hashes", {}):
            continue
        if not supports_this_python(f.get("requires-python")):
            continue
        key = _version(m.group(1))
        if best is None or key > best[0]:
            url = urllib.parse.urljoin(f"{INDEX}/pip/", f["url"])
            best = (key, f["filename"], url, f["hashes"]["sha256"])
    if best is None:
        raise OSError(f"no pip wheel for Python {sys.version.split()[0]} on {INDEX}")
    return best[1], best[2], best[3]


def pip_from_index(python: Path) -> None:
    """Download pip's wheel, check its hash, and let it install itself into the venv."""
    name, url, sha256 = newest_pip_wheel()
    say(f"downloading {name} from {INDEX}")
    with urllib.request.urlopen(url, timeout=120) as reply:
        data = reply.read()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise OSError(f"{name}: the download does not match the index's sha256")
    with tempfile.TemporaryDirectory(prefix="make-venv-") as tmp:
        wheel = Path(tmp) / name
        wheel.write_bytes(data)
        # A pip wheel runs as a zip application: `python pip.whl/pip install pip.whl`.
        subprocess.run([str(python), f"{wheel}/pip", "install", "--quiet", "--no-index", str(wheel)], check=True)


def make_venv(target: Path) -> int:
    """Create (or complete) the venv at target; returns the exit code."""
    python = venv_python(target)
    if has_pip(python):
        say(f"{target} is ready (it has pip)")
        return 0
    say(f"making {target}")
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(target)
    if subprocess.run([str(python), "-m", "ensurepip", "--default-pip"], capture_output=True).returncode == 0:
        say("pip installed from this Python's ensurepip")
    else:
        try:
            pip_from_index(python)
        except (OSError, urllib.error.URLError, subprocess.CalledProcessError, KeyError, ValueError) as exc:
            say(f"cannot put pip into {target} ({exc}); check the network, or install "
                "python3-venv (Debian/Ubuntu) and run this again")
            return 1
    if not has_pip(python):
        say(f"pip does not run in {target}")
        return 1
    return 0


def main(argv: list[str]) -> int:
    """`make_venv.py FOLDER`."""
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: python3 tools/make_venv.py FOLDER   (e.g. .venv)", file=sys.stderr)
        return 2
    return make_venv(Path(argv[0]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
