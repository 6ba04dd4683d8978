"""Special files a level names (FIFOs, links to /dev/zero) never hang `check`, the watcher or
a load, and a `source="..."` in a comment is no reference at all: one line, at once."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mapmaker import make_map

from game.sim import LevelError
from game.tiled.level import level_sources, load_level, references

REPO = Path(__file__).resolve().parent.parent
PIC = """
TTTTTTTT
TS====FT
TTTTTTTT
"""
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"),
                                reason="no FIFOs or /dev/zero here")


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _balto(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process, with a time limit (a hang fails the test) and 2 GB of memory."""
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_limit_memory if sys.platform != "win32" else None)


def _specials(folder: Path) -> None:
    os.mkfifo(folder / "pipe.tsx")
    os.symlink("/dev/zero", folder / "zero.tx")


def _commented_map(folder: Path) -> Path:
    text = make_map(PIC).replace("<map ", '<!-- source="pipe.tsx" template="zero.tx" -->\n<map ', 1)
    p = folder / "m.tmx"
    p.write_text(text)
    return p


@needs_fifo
def test_check_ignores_special_files_named_in_a_comment(tmp_path):
    _specials(tmp_path)
    p = _commented_map(tmp_path)
    done = _balto("check", str(p))
    assert done.returncode in (0, 1), done.stderr  # the map's absolute image path is a problem
    assert "Traceback" not in done.stderr and "pipe.tsx" not in done.stdout + done.stderr
    assert "zero.tx" not in done.stdout + done.stderr


def test_a_reference_in_a_comment_is_no_dependency(tmp_path):
    text = make_map(PIC)
    text = text.replace("<map ", '<!-- <tileset source="b.tsx"/> template="c.tx" -->\n<map ', 1)
    (tmp_path / "m.tmx").write_text(text)
    names = {p.name for p in level_sources(tmp_path / "m.tmx")}
    assert not names & {"b.tsx", "c.tx"}
    assert "terrain.png" in names  # the image the embedded tileset really names


@needs_fifo
def test_a_map_naming_a_fifo_tileset_and_a_zero_template_is_refused_at_once(tmp_path):
    _specials(tmp_path)
    tileset = '<tileset firstgid="1" source="pipe.tsx"/>'
    text = make_map(PIC, tileset=tileset, objects='<object id="70" template="zero.tx" x="1" y="1"/>')
    (tmp_path / "m.tmx").write_text(text)
    code = ("import sys; from game.tiled.level import references, level_sources; from game.session.watch import "
            f"LevelWatcher; p = {str(tmp_path / 'm.tmx')!r}; print(len(references(p)), len(level_sources(p))); "
            "w = LevelWatcher(p); print(type(w.reload()).__name__, w.error)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
                          preexec_fn=_limit_memory)
    assert done.returncode == 0, done.stderr
    assert "LevelError" in done.stdout and "not a regular file" in done.stdout
    done = _balto("check", str(tmp_path / "m.tmx"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "pipe.tsx: the tileset is not a regular file" in done.stderr


@needs_fifo
def test_a_tileset_whose_image_is_a_fifo_does_not_hang_check(tmp_path):
    tsx = (REPO / "assets" / "tiles" / "terrain.tsx").read_text()
    head, _, rest = tsx.partition('<image source="')
    tsx = head + '<image source="pipe.png' + rest[rest.index('"'):]
    (tmp_path / "t.tsx").write_text(tsx)
    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "m.tmx").write_text(make_map(PIC, tileset='<tileset firstgid="1" source="t.tsx"/>'))
    done = _balto("check", str(tmp_path / "m.tmx"))
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr


@needs_fifo
def test_a_fifo_tileset_is_named_in_one_line(tmp_path):
    os.mkfifo(tmp_path / "pipe.tsx")
    (tmp_path / "m.tmx").write_text(make_map(PIC, tileset='<tileset firstgid="1" source="pipe.tsx"/>'))
    with pytest.raises(LevelError, match=r"pipe\.tsx: the tileset is not a regular file"):
        load_level(tmp_path / "m.tmx")
    assert [r.kind for r in references(tmp_path / "m.tmx")] == ["tileset"]


def test_every_file_of_a_load_is_parsed_whole_from_capped_bytes(monkeypatch):
    """pytmx never reads a map or tileset itself: ElementTree.parse feeds a file in chunks,
    and Python 3.11's expat is quadratic on a big token fed that way (a 31 MB comment took
    13 s to load). The adapter hands pytmx the documents it parsed from capped bytes."""
    import xml.etree.ElementTree as ET

    from game import resources
    from game.tiled.level import load_level

    def chunked(*args, **kwargs):
        raise AssertionError("a file was parsed in chunks")

    monkeypatch.setattr(ET, "parse", chunked)
    monkeypatch.setattr(ET, "iterparse", chunked)
    level = load_level(resources.LEVELS / "01_nenana_tolovana.tmx")
    assert level.width > 0 and level.tiles


def test_the_renderer_never_opens_a_special_file_as_a_tileset_image(tmp_path):
    """A tileset image that is a FIFO or a link to /dev/zero: plain tiles, never a hang."""
    import os

    from game.render.tiles import image_size

    fifo = tmp_path / "tiles.png"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.png"
    zero.symlink_to("/dev/zero")
    assert image_size(fifo) is None and image_size(zero) is None
