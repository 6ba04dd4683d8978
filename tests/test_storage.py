"""Saves are written atomically and read without ever crashing the game."""
import json
import os
import random
import sys
import time
from pathlib import Path

import pytest

from game.saves import storage
from game.saves.storage import Store, atomic_write_json, load_json


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Every test keeps its files under a temporary BALTO_HOME, never the real user dirs."""
    monkeypatch.setenv(storage.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def test_balto_home_holds_config_and_data(home):
    assert storage.user_config_dir() == home / "config"
    assert storage.user_data_dir() == home / "data"
    store = Store()
    assert store.config_path("settings.json") == home / "config" / "settings.json"
    assert store.data_path("progress.json") == home / "data" / "progress.json"


def test_without_balto_home_the_os_folders_are_used(monkeypatch):
    monkeypatch.delenv(storage.HOME_ENV, raising=False)
    assert storage.APP_NAME in str(storage.user_config_dir())
    assert storage.APP_NAME in str(storage.user_data_dir())


def test_atomic_write_round_trips_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "deep" / "folder" / "save.json"
    data = {"schema": 1, "name": "Balto — Nome", "n": [1, 2.5, None, True]}
    atomic_write_json(path, data)
    assert json.loads(path.read_text(encoding="utf-8")) == data
    atomic_write_json(path, {"schema": 1, "n": 2})
    assert json.loads(path.read_text(encoding="utf-8")) == {"schema": 1, "n": 2}
    assert sorted(p.name for p in path.parent.iterdir()) == ["save.json"]


@pytest.mark.parametrize("bad", [{"x": float("nan")}, {"x": object()}])
def test_a_failed_write_keeps_the_old_file(tmp_path, bad):
    path = tmp_path / "save.json"
    atomic_write_json(path, {"schema": 1, "old": True})
    with pytest.raises((ValueError, TypeError)):
        atomic_write_json(path, bad)
    assert json.loads(path.read_text(encoding="utf-8")) == {"schema": 1, "old": True}
    assert [p.name for p in tmp_path.iterdir()] == ["save.json"]


def test_a_missing_file_gives_defaults_quietly(tmp_path):
    data, notice = load_json(tmp_path / "none.json", 1, {"a": 1})
    assert data == {"a": 1} and notice is None
    data2, _ = load_json(tmp_path / "none.json", 1, {"a": 1})
    assert data2 is not data  # a fresh copy each time


CORRUPT = {
    "garbage bytes": b"\x00\xff\xfe garbage \x80\x81",
    "truncated json": b'{"schema": 1, "audio": {"master": 0.',
    "empty file": b"",
    "a list": b"[1, 2, 3]",
    "no schema": b'{"audio": {}}',
    "schema as text": b'{"schema": "1"}',
    "schema zero": b'{"schema": 0}',
    "newer schema": b'{"schema": 99, "future": true}',
    "nan": b'{"schema": 1, "x": NaN}',
    "deep nesting": b"[" * 100_000,
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_a_corrupt_file_is_moved_aside_with_one_notice(tmp_path, name):
    path = tmp_path / "settings.json"
    path.write_bytes(CORRUPT[name])
    data, notice = load_json(path, 1, {"default": True})
    assert data == {"default": True}
    assert notice and notice.startswith("settings.json ")
    assert "settings.json.bak" in notice and "defaults are used" in notice
    assert not path.exists()
    assert (tmp_path / "settings.json.bak").read_bytes() == CORRUPT[name]
    # the next start finds no file: defaults, and nothing more to tell
    assert load_json(path, 1, {"default": True}) == ({"default": True}, None)


def test_newer_schema_notice_names_the_versions(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text('{"schema": 7}', encoding="utf-8")
    _, notice = load_json(path, 2, {})
    assert "newer version" in notice and "7" in notice and "2" in notice


def test_the_newest_bak_is_kept(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b"first")
    load_json(path, 1, {})
    path.write_bytes(b"second")
    load_json(path, 1, {})
    assert (tmp_path / "s.json.bak").read_bytes() == b"second"


def test_a_folder_in_place_of_the_file(tmp_path):
    path = tmp_path / "s.json"
    path.mkdir()
    data, notice = load_json(path, 1, {"d": 1})
    assert data == {"d": 1} and notice and "folder" in notice


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"schema": 1}', encoding="utf-8")
    path.chmod(0)
    try:
        data, notice = load_json(path, 1, {"d": 1})
    finally:
        for p in tmp_path.iterdir():
            p.chmod(0o600)
    assert data == {"d": 1} and "could not be read" in notice


def test_migrations_bring_old_files_up_to_date(tmp_path):
    path = tmp_path / "s.json"
    atomic_write_json(path, {"schema": 1, "volume": 80})
    migrations = {1: lambda d: {**d, "volume": d["volume"] / 100},
                  2: lambda d: {**d, "extra": True}}
    data, notice = load_json(path, 3, {}, migrations=migrations)
    assert notice is None
    assert data == {"schema": 3, "volume": 0.8, "extra": True}


def test_a_failing_migration_counts_as_unreadable(tmp_path):
    path = tmp_path / "s.json"
    atomic_write_json(path, {"schema": 1})
    data, notice = load_json(path, 2, {"d": 0}, migrations={1: lambda d: d["missing"]})
    assert data == {"d": 0} and "schema 1" in notice
    data, notice = load_json(tmp_path / "none.json", 2, {"d": 0})
    assert notice is None


def test_stale_temporary_files_are_cleaned_up(tmp_path):
    path = tmp_path / "s.json"
    atomic_write_json(path, {"schema": 1})
    (tmp_path / ".s.json.abc123.tmp").write_bytes(b"half a sa")
    (tmp_path / "other.tmp").write_bytes(b"not ours")
    long_ago = time.time() - storage.STALE_AFTER - 60  # a fresh one may be another copy's save in flight
    for name in (".s.json.abc123.tmp", "other.tmp"):
        os.utime(tmp_path / name, (long_ago, long_ago))
    assert load_json(path, 1, {}) == ({"schema": 1}, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.tmp", "s.json"]


def test_store_tells_each_notice_once(tmp_path):
    store = Store(tmp_path / "c", tmp_path / "d")
    bad = store.config_path("settings.json")
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"{{{")
    assert store.load_json(bad, 1, {"d": 1}) == {"d": 1}
    store.notice(store.pending_notices[0])  # the same line again is not queued twice
    notices = store.take_notices()
    assert len(notices) == 1 and "settings.json" in notices[0]
    assert store.take_notices() == []
    store.notice(notices[0])  # already told this session
    assert store.take_notices() == []


def test_store_load_repairs_values_once(tmp_path):
    store = Store(tmp_path, tmp_path)
    path = tmp_path / "m.json"
    atomic_write_json(path, {"schema": 1, "n": -5, "keep": 3})

    def parse(d):
        problems = [] if d["n"] >= 0 else [f"n {d['n']} is below 0"]
        return {"n": max(d["n"], 0), "keep": d["keep"]}, problems

    model = store.load(path, 1, parse, dict, serialise=lambda m: {"schema": 1, **m})
    assert model == {"n": 0, "keep": 3}
    notices = store.take_notices()
    assert len(notices) == 1 and "n -5 is below 0" in notices[0] and "m.json.bak" in notices[0]
    assert json.loads((tmp_path / "m.json.bak").read_text(encoding="utf-8"))["n"] == -5
    assert store.load(path, 1, parse, dict, serialise=lambda m: {"schema": 1, **m}) == model
    assert store.take_notices() == []


def test_store_load_survives_a_parser_that_raises(tmp_path):
    store = Store(tmp_path, tmp_path)
    path = tmp_path / "m.json"
    atomic_write_json(path, {"schema": 1})
    model = store.load(path, 1, lambda d: d["boom"], lambda: "fresh")
    assert model == "fresh"
    assert (tmp_path / "m.json.bak").exists() and len(store.take_notices()) == 1


def test_store_save_failure_is_a_notice_not_a_crash(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    store = Store(blocker / "config", blocker / "data")
    assert store.save_json(store.config_path("settings.json"), {"schema": 1}) is False
    (notice,) = store.take_notices()
    assert "settings.json could not be saved" in notice


def test_default_store_follows_balto_home(home):
    assert storage.default_store().config_dir == home / "config"


# ---------------------------------------------------------------------------- SIGKILL

def _version(tag: str) -> dict:
    """A save of some 25 KB (ten times a settings file): a kill can land in the middle of writing it."""
    rng = random.Random(tag)
    return {"schema": 1, "tag": tag,
            "rows": [{"id": i, "v": rng.random(), "s": tag * rng.randint(1, 8)} for i in range(300)]}


def _start_writer(path: Path, versions: list) -> tuple[int, int]:
    """A child process (forked: no interpreter start-up, so 100 kills stay fast) that saves
    the versions in turn for ever, writing a byte to a pipe after each save.
    Returns the child's pid and the pipe's reading end."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            i = 0
            while True:
                atomic_write_json(path, versions[i % 2])
                os.write(write_end, b".")
                i += 1
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_sigkill_while_saving_leaves_old_or_new_never_half(tmp_path):
    import signal

    a, b = _version("a"), _version("b")
    path = tmp_path / "save.json"
    atomic_write_json(path, a)
    rng = random.Random(7)
    seen, interrupted = set(), 0
    for _ in range(100):
        pid, pipe = _start_writer(path, [a, b] if rng.random() < 0.5 else [b, a])
        if rng.random() < 0.5:  # let it finish a save (of the version it starts with)...
            assert os.read(pipe, 1) == b"."
        time.sleep(rng.uniform(0.0, 0.02))  # ...then kill it at a random moment
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(pipe)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        interrupted += storage.remove_stale_temp_files(path, older_than=0) > 0  # killed mid-write
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data == a or data == b
        seen.add(data["tag"])
    assert seen == {"a", "b"}
    assert interrupted > 0  # some kills landed in the middle of a write
    data, notice = load_json(path, 1, None)
    assert notice is None and data in (a, b)
    assert [p.name for p in tmp_path.iterdir()] == ["save.json"]
