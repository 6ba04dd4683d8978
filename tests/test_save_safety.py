"""Nothing the player earned is lost: two copies of the game saving at once, a newer game's
file, a symlinked save, a save that is a FIFO or a device (issue #11)."""
import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.saves import storage
from game.saves.settings import Settings, load_settings, save_settings
from game.saves.storage import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(storage.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def _child_env(home: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    env[storage.HOME_ENV] = str(home)
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    return env


# ---------------------------------------------------------------------------- two copies

SAVER = textwrap.dedent("""
    import json, sys, time
    from game.saves.storage import Store
    tag, start_at, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    store = Store()
    path = store.data_path("progress.json")
    rows = [{"id": i, "who": tag, "pad": "x" * 40} for i in range(300)]  # some 25 KB
    while time.time() < start_at:
        time.sleep(0.001)
    saves = failed = 0
    while time.time() < start_at + seconds:
        store.load_json(path, 1, {})          # every start and every screen loads...
        ok = store.save_json(path, {"schema": 1, "who": tag, "n": saves, "rows": rows})
        saves += 1
        failed += not ok
    print(json.dumps({"saves": saves, "failed": failed, "notices": store.take_notices()[:3]}))
""")


def test_two_copies_saving_at_once_lose_nothing(home):
    """Two real processes load and save the same file in a loop: every save succeeds and the
    file left is whole JSON written by one of them (before the fix, each load deleted the
    other's temporary file in flight and 85-99 % of saves failed)."""
    start_at = time.time() + 2.0  # both interpreters are up by then
    procs = [subprocess.Popen([sys.executable, "-c", SAVER, tag, str(start_at), "2.0"],
                              env=_child_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for tag in ("a", "b")]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    for r in results:
        assert r["saves"] > 20, results  # they really overlapped for a while
        assert r["failed"] == 0 and r["notices"] == [], results
    final = json.loads((home / "data" / "progress.json").read_text(encoding="utf-8"))
    assert final["who"] in ("a", "b") and len(final["rows"]) == 300
    assert sorted(p.name for p in (home / "data").iterdir()) == ["progress.json"]


def test_only_old_temporary_files_are_cleaned_up(tmp_path):
    """A fresh temporary file may be another copy's save in flight: it is left alone."""
    path = tmp_path / "s.json"
    storage.atomic_write_json(path, {"schema": 1})
    fresh, old = tmp_path / ".s.json.fresh1.tmp", tmp_path / ".s.json.old1.tmp"
    fresh.write_bytes(b"in flight")
    old.write_bytes(b"left by a crash")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert storage.load_json(path, 1, {}) == ({"schema": 1}, None)
    assert fresh.exists() and not old.exists()


# ---------------------------------------------------------------------------- a newer game

def test_a_newer_games_settings_survive_when_they_cannot_be_moved_aside(home):
    config = home / "config"
    config.mkdir(parents=True)
    newer = b'{"schema": 99, "future": {"hdr": true}}'
    (config / "settings.json").write_bytes(newer)
    (config / "settings.json.bak").mkdir()  # the .bak cannot be written
    (config / "settings.json.bak" / "keep").write_text("x", encoding="utf-8")
    store = Store()
    assert load_settings(store) == Settings()
    (notice,) = store.take_notices()
    assert "newer version" in notice and "settings.side.json" in notice
    assert save_settings(Settings().replace(master_volume=0.3), store)
    assert (config / "settings.json").read_bytes() == newer  # untouched
    # the next start leaves the newer file alone again, and finds this version's settings
    again = Store()
    assert load_settings(again).master_volume == 0.3
    assert (config / "settings.json").read_bytes() == newer
    assert save_settings(Settings().replace(master_volume=0.4), again)
    assert (config / "settings.json").read_bytes() == newer


def test_a_newer_games_file_moved_aside_is_kept_in_the_bak(home):
    config = home / "config"
    config.mkdir(parents=True)
    newer = b'{"schema": 99}'
    (config / "settings.json").write_bytes(newer)
    store = Store()
    load_settings(store)
    assert save_settings(Settings(), store)
    assert (config / "settings.json.bak").read_bytes() == newer


# ---------------------------------------------------------------------------- symlinks

def _symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not allowed here")


def test_a_symlinked_settings_file_is_written_through(home, tmp_path):
    """Dotfiles setups: settings.json links into a repository; saving updates the target
    and keeps the link."""
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "balto.json"
    storage.atomic_write_json(target, Settings().replace(music_volume=0.5).to_dict())
    link = home / "config" / "settings.json"
    link.parent.mkdir(parents=True)
    _symlink(link, target)
    store = Store()
    assert load_settings(store).music_volume == 0.5
    assert save_settings(Settings().replace(music_volume=0.2), store)
    assert link.is_symlink() and Path(os.readlink(link)) == target
    assert json.loads(target.read_text(encoding="utf-8"))["audio"]["music"] == 0.2
    assert sorted(p.name for p in dotfiles.iterdir()) == ["balto.json"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["settings.json"]
    assert store.take_notices() == []


def test_a_symlink_to_a_file_not_made_yet(home, tmp_path):
    target = tmp_path / "dotfiles" / "balto.json"
    target.parent.mkdir()
    link = home / "config" / "settings.json"
    link.parent.mkdir(parents=True)
    _symlink(link, target)
    store = Store()
    assert load_settings(store) == Settings() and store.take_notices() == []
    assert save_settings(Settings().replace(vsync=False), store)
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["display"]["vsync"] is False


# ---------------------------------------------------------------------------- special files

PLAYER = textwrap.dedent("""
    import json, sys
    if sys.platform.startswith("linux"):
        import resource  # a save that eats memory fails here instead of taking the machine
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    from game.saves.storage import Store
    from game.saves.settings import load_settings, save_settings
    from game.saves.progress import load_progress, save_progress
    from game.saves.scores import load_high_scores, save_high_scores

    def session():
        store = Store()
        s, p, h = load_settings(store), load_progress(store), load_high_scores(store)
        return store, s, p, h

    store, s, p, h = session()
    notices = store.take_notices()
    leg = p.route[1]
    p.unlocked.add(leg)                                  # something earned
    h.add(p.route[0], "Kaasen", 12345, 19, 80.0)
    saved = [save_settings(s.replace(master_volume=0.25), store), save_progress(p, store),
             save_high_scores(h, store)]
    later, s2, p2, h2 = session()
    print(json.dumps({"notices": notices, "saved": saved, "later": later.take_notices(),
                      "master": s2.master_volume, "unlocked": p2.is_unlocked(leg),
                      "best": h2.best(p.route[0]).score if h2.best(p.route[0]) else None}))
""")


def _play(home: Path) -> dict:
    """A child process loads everything, earns something, saves, and loads again; the
    timeout catches a hang (a FIFO opened for reading waits for a writer for ever)."""
    proc = subprocess.run([sys.executable, "-c", PLAYER], env=_child_env(home), capture_output=True,
                          text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


NAMES = {"settings": ("config", "settings.json"), "progress": ("data", "progress.json"),
         "highscores": ("data", "highscores.json")}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", sorted(NAMES))
def test_a_save_that_is_a_fifo_neither_hangs_nor_loses_progress(home, kind):
    folder, name = NAMES[kind]
    special = home / folder / name
    special.parent.mkdir(parents=True)
    os.mkfifo(special)
    out = _play(home)
    assert any(name in n and "not a regular file" in n for n in out["notices"]), out
    assert out["saved"] == [True, True, True]
    assert (out["master"], out["unlocked"], out["best"]) == (0.25, True, 12345), out
    assert stat.S_ISFIFO(os.lstat(special).st_mode)  # not ours: never replaced or deleted
    side = special.with_name(special.stem + ".side.json")
    assert json.loads(side.read_text(encoding="utf-8"))["schema"] == 1


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_save_linked_to_dev_zero_is_left_alone(home):
    link = home / "data" / "progress.json"
    link.parent.mkdir(parents=True)
    _symlink(link, Path("/dev/zero"))
    out = _play(home)
    assert any("progress.json" in n and "not a regular file" in n for n in out["notices"]), out
    assert out["unlocked"] is True and out["saved"] == [True, True, True]
    assert link.is_symlink() and os.readlink(link) == "/dev/zero"


def test_a_save_too_big_to_be_ours_is_moved_aside(tmp_path):
    path = tmp_path / "progress.json"
    path.write_bytes(b'{"schema": 1, "pad": "' + b"x" * storage.MAX_BYTES + b'"}')
    data, notice = storage.load_json(path, 1, {"d": 1})
    assert data == {"d": 1} and "too big" in notice
    assert (tmp_path / "progress.json.bak").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_side_file_is_folded_back_once_the_real_file_is_gone(home):
    config = home / "config"
    config.mkdir(parents=True)
    fifo = config / "settings.json"
    os.mkfifo(fifo)
    store = Store()
    assert save_settings(Settings().replace(master_volume=0.6), store)  # saved before any load
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and (config / "settings.side.json").exists()
    fifo.unlink()  # the player removes the FIFO
    again = Store()
    assert load_settings(again).master_volume == 0.6
    assert save_settings(Settings().replace(master_volume=0.7), again)
    assert json.loads(fifo.read_text(encoding="utf-8"))["audio"]["master"] == 0.7
    assert sorted(p.name for p in config.iterdir()) == ["settings.json"]
