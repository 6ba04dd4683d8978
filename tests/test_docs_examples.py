"""Every code example in docs/*.md and README.md runs as written: ```python blocks run (a block
of `def test_...(balto)` functions runs under pytest with the `balto` fixture), ```sh commands
run with this checkout's `balto` and `python` (a window opens on SDL's dummy driver and closes
after 30 frames), ```json blocks parse. Marked blocks: `<!-- docs-test: skip (why) -->` on the
line before the fence runs nothing, `<!-- docs-test: compile (why) -->` only compiles Python,
`<!-- docs-test: fragment PATH (why) -->` compiles Python whose lines stand, in order, in PATH.
```text blocks are not code unless marked: `inputs` (an inputs file: `balto simulate 1 --inputs`
plays it) or `score` (a music score: tools/make_sounds.py's parse_score reads it). Every file
a mark names exists. The commands run in a scratch copy of the checkout whose
`levels/my_first_leg.tmx` is the tutorial's leg, so the tutorial's commands run on its leg.
The tutorial's pictures are what tools/tutorial_images.py makes today."""
import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md"]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
MARK = re.compile(r"<!-- docs-test: (\w+)(.*?)-->")
NAMED = re.compile(r"\b(?:game|tools|tests|levels|docs)/[\w./-]+\.\w+")
RUNNABLE = {"python", "sh", "console", "json", "text"}


def _blocks() -> list:
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            line = text[:m.start()].count("\n") + 1
            before = text[:m.start()].rstrip("\n").splitlines()[-1:] or [""]
            mark = MARK.search(before[0])
            out.append(pytest.param(m.group(1), m.group(2), mark.group(1) if mark else "",
                                    mark.group(2).strip() if mark else "", id=f"{doc.relative_to(REPO)}:{line}"))
    return out


BLOCKS = _blocks()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A scratch view of the checkout (its files linked), a `bin` with `balto` and `python`
    running this checkout, and the environment the examples run in."""
    root = tmp_path_factory.mktemp("checkout")
    for entry in REPO.iterdir():
        if entry.name not in ("levels", ".git", ".venv"):
            (root / entry.name).symlink_to(entry)
    levels = root / "levels"
    levels.mkdir()
    for entry in (REPO / "levels").iterdir():
        (levels / entry.name).symlink_to(entry)
    tutorial = (REPO / "tests" / "maps" / "tutorial_leg.tmx").read_text(encoding="utf-8")
    (levels / "my_first_leg.tmx").write_text(tutorial.replace('"../../', '"../'), encoding="utf-8")
    bindir = root / "_bin"
    bindir.mkdir()
    for name, line in (("balto", f'"{sys.executable}" -m game'), ("python", f'"{sys.executable}"'),
                       ("python3", f'"{sys.executable}"')):
        exe = bindir / name
        exe.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec {line} "$@"\n')
        exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(REPO),
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "BALTO_MUTE": "1", "BALTO_MAX_FRAMES": "30",
           "BALTO_HOME": str(root / "_home")}
    return root, env


def _commands(body: str) -> list[str]:
    """The command lines of a shell block: continuations joined, comments and blanks dropped."""
    lines, cur = [], ""
    for raw in body.splitlines():
        cur += raw.rstrip("\\").rstrip() + " " if raw.rstrip().endswith("\\") else raw
        if not raw.rstrip().endswith("\\"):
            line = cur.split(" #")[0].strip()
            if line and not line.startswith("#"):
                lines.append(line.removeprefix("$ "))
            cur = ""
    return lines


def test_every_fence_says_its_language():
    bad = [b.id for b in BLOCKS if b.values[0] not in RUNNABLE]
    assert not bad, "tag each fence python, sh, json or text (text is not run): " + ", ".join(bad)


def _fragment_stands_in(body: str, path: Path) -> bool:
    """True when the block's lines (stripped, blanks dropped) appear in the file in this order."""
    want = [line.strip() for line in body.splitlines() if line.strip()]
    have = iter(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return all(any(w == h for h in have) for w in want)


@pytest.mark.parametrize("lang, body, mark, note", BLOCKS)
def test_the_example_runs(lang, body, mark, note, sandbox):
    root, env = sandbox
    named = NAMED.findall(note)
    missing = [n for n in named if not (REPO / n).exists()]
    assert not missing, f"the docs-test mark names files that do not exist: {missing}"
    if mark == "fragment":
        assert named, "a fragment mark names its file"
        assert _fragment_stands_in(body, REPO / named[0]), f"the fragment has drifted from {named[0]}: copy it again"
        compile(body, "<doc>", "exec")
        return
    if mark == "inputs":
        moves = root / "_doc_inputs.txt"
        moves.write_text(body, encoding="utf-8")
        out = subprocess.run(["balto", "simulate", "1", "--inputs", str(moves), "--max-seconds", "5", "--json"],
                             cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
        assert json.loads(out.stdout)["bot"] == "script"
        return
    if mark == "score":
        sys.path.insert(0, str(REPO / "tools"))
        try:
            import make_sounds
        finally:
            sys.path.remove(str(REPO / "tools"))
        head, tracks = make_sounds.parse_score(body, "the docs' score")
        assert tracks and all(t.notes for t in tracks) and head["tempo"] > 0
        return
    if mark == "skip" or lang == "text":
        return
    if lang == "json":
        json.loads(body)
        return
    if lang == "python":
        compile(body, "<doc>", "exec")
        if mark == "compile":
            return
        if re.search(r"^def test_\w+\(balto\)", body, re.M):
            test = root / "_doc_tests" / "test_doc_example.py"
            test.parent.mkdir(exist_ok=True)
            test.write_text(body, encoding="utf-8")
            argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(root), str(test)]
        else:
            argv = [sys.executable, "-c", body]
        out = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
        return
    for line in _commands(body):
        out = subprocess.run(shlex.split(line), cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert out.returncode in (0, 1) if " check " in f" {line} " else out.returncode == 0, \
            f"{line}\n{out.stdout[-2000:]}{out.stderr[-2000:]}"


def test_the_tutorial_plays_its_leg_with_watch_in_its_main_path():
    text = (REPO / "docs" / "level-design.md").read_text(encoding="utf-8")
    main_path = text.split("## 5.")[0]
    assert "balto play levels/my_first_leg.tmx --watch" in main_path
    legs = {p.stem for p in (REPO / "levels").glob("*.tmx")}
    named = set(re.findall(r"levels/(\w+)\.tmx", text))
    assert named and not named & legs, "the tutorial's leg must not be one of the shipped legs"


@pytest.mark.usefixtures("pygame_display")
def test_the_tutorial_pictures_are_what_the_script_makes(tmp_path, capsys):
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import tutorial_images
    finally:
        sys.path.remove(str(REPO / "tools"))
    made = tutorial_images.write_images(tmp_path)
    printed = capsys.readouterr().out
    for path in made:
        new = pygame.surfarray.array3d(pygame.image.load(str(path)))
        old = pygame.surfarray.array3d(pygame.image.load(str(REPO / "docs" / "images" / path.name)))
        assert new.shape == old.shape and (new == old).all(), \
            f"docs/images/{path.name} is stale: run python tools/tutorial_images.py"
    text = (REPO / "docs" / "level-design.md").read_text(encoding="utf-8")
    done = re.search(r"finished (\d+)/40", printed)
    assert done and f"only {done.group(1)} of the 40 reach the finish" in text
