"""Replays: recorded in the window's way, saved compactly, re-run headless with the same digest;
bad replays are one clear line and exit 2."""
import json
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mapmaker import write_map

from game.cli import main
from game.session.replay import (
    Recorder,
    Replay,
    ReplayBot,
    ReplayError,
    decode_controls,
    encode_controls,
    list_replays,
    load_replay,
    read_best,
    verify,
)
from game.sim import Assist, Controls, create_world, step
from game.sim.bots import RandomBot, autopilot
from game.tiled.level import load_level

PIC = """
TTTTTTTTTTTTTTTTTTTTTT
T....................T
T.S========T=======F.T
T....................T
TTTTTTTTTTTTTTTTTTTTTT
"""


@pytest.fixture
def level(tmp_path):
    return write_map(tmp_path / "leg.tmx", PIC)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "replays"


def play(level_path, folder, seed=5, bot=None, max_ticks=3000, assist=None, keep=50):
    """Play a run the way the window does: start, record each tick's controls, finish."""
    lvl = load_level(level_path)
    rec = Recorder(folder, keep=keep)
    world = create_world(lvl, seed, assist=assist)
    rec.start(lvl, seed, assist)
    bot = bot or RandomBot(seed)
    while not world.done and world.tick < max_ticks:
        c = bot(world)
        rec.record(c)
        step(world, c)
    return rec.finish(world), world


steer = st.one_of(st.sampled_from([-1.0, 0.0, 1.0, -0.0]), st.floats(-1.0, 1.0, allow_nan=False))
controls = st.builds(Controls, steer, st.booleans(), st.booleans(), st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(controls, max_size=200))
def test_controls_survive_the_run_length_text_exactly(cs):
    text = encode_controls(cs)
    back = decode_controls(text)
    assert back == cs
    assert [repr(c.steer) for c in back] == [repr(c.steer) for c in cs]  # even -0.0


def test_held_keys_compress_to_a_few_tokens():
    cs = [Controls(mush=True)] * 600 + [Controls(steer=-1.0, mush=True)] * 40 + [Controls()] * 300
    assert encode_controls(cs) == "600*0m 40*-1m 300*0"


def test_a_recorded_run_replays_to_the_same_digest(level, folder, capsys):
    path, world = play(level, folder, bot=autopilot)
    assert path is not None and path.parent == folder and path.name.endswith(".replay.json")
    rep = load_replay(path)
    assert rep.seed == 5 and rep.ticks == world.tick and rep.level_hash == load_level(level).source_hash
    assert rep.result["outcome"] == "finished" and rep.game_version
    check = verify(rep)
    assert check.matches and not check.level_changed and check.result.ticks == world.tick
    assert main(["simulate", "--replay", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["matches"] is True and out["digest"] == out["recorded_digest"] == rep.digest


def test_a_replay_bot_drives_the_recorded_controls(level, folder):
    path, world = play(level, folder, seed=2)
    rep = load_replay(path)
    w = create_world(load_level(level), rep.seed)
    bot = ReplayBot(rep)
    while not bot.finished(w) and not w.done:
        step(w, bot(w))
    from game.sim import digest

    assert digest(w) == rep.digest
    assert bot(w) == Controls()  # past the end: no input


def test_assist_rules_are_recorded_and_replayed(level, folder):
    path, _ = play(level, folder, seed=3, assist=Assist(unbreakable_vials=True), max_ticks=900)
    rep = load_replay(path)
    assert rep.assist.unbreakable_vials and verify(rep).matches


def test_a_different_digest_exits_1(level, folder, tmp_path, capsys):
    path, _ = play(level, folder, max_ticks=400)
    data = json.loads(path.read_text())
    data["result"]["digest"] = "0" * 32
    forged = tmp_path / "forged.replay.json"
    forged.write_text(json.dumps(data))
    assert main(["simulate", "--replay", str(forged)]) == 1
    assert "digest differs" in capsys.readouterr().out


def test_a_level_changed_since_recording_is_reported(level, folder, tmp_path, capsys):
    copy = tmp_path / "copy.tmx"
    shutil.copy(level, copy)
    path, _ = play(copy, folder, max_ticks=400)
    copy.write_text(copy.read_text().replace('value="Test map"', 'value="Test map, redrawn"'))
    assert main(["simulate", "--replay", str(path), "--json"]) in (0, 1)
    cap = capsys.readouterr()
    assert json.loads(cap.out)["level_changed"] is True
    assert "changed since this replay was recorded" in cap.err


def _one_line_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err
    return err


def test_a_replay_of_a_missing_level_is_one_line_and_exit_2(level, folder, tmp_path, capsys):
    copy = tmp_path / "gone.tmx"
    shutil.copy(level, copy)
    path, _ = play(copy, folder, max_ticks=200)
    copy.unlink()
    err = _one_line_exit_2(["simulate", "--replay", str(path)], capsys)
    assert "gone.tmx" in err and "missing" in err
    _one_line_exit_2(["replay", str(path)], capsys)


@pytest.mark.parametrize("cut", [0.3, 0.9])
def test_a_truncated_replay_is_one_line_and_exit_2(level, folder, tmp_path, capsys, cut):
    path, _ = play(level, folder, max_ticks=600)
    data = path.read_bytes()
    bad = tmp_path / "cut.replay.json"
    bad.write_bytes(data[:int(len(data) * cut)])
    err = _one_line_exit_2(["simulate", "--replay", str(bad)], capsys)
    assert "cut.replay.json" in err


def test_controls_that_do_not_add_up_are_called_truncated(level, folder, tmp_path, capsys):
    path, _ = play(level, folder, max_ticks=600)
    data = json.loads(path.read_text())
    data["controls"] = data["controls"].rsplit(" ", 1)[0] if " " in data["controls"] else ""
    data["ticks"] += 1
    bad = tmp_path / "short.replay.json"
    bad.write_text(json.dumps(data))
    assert "truncated" in _one_line_exit_2(["simulate", "--replay", str(bad)], capsys)


@pytest.mark.parametrize("content", ["", "{}", "[1, 2]", '{"format": "balto-replay", "version": 1}',
                                     '{"format": "balto-replay", "version": 99}', "\x00\xff"])
def test_things_that_are_not_replays_exit_2(tmp_path, capsys, content):
    bad = tmp_path / "odd.replay.json"
    bad.write_text(content, encoding="latin-1")
    _one_line_exit_2(["simulate", "--replay", str(bad)], capsys)


def test_missing_replay_file_and_mixed_arguments_exit_2(level, tmp_path, capsys):
    _one_line_exit_2(["simulate", "--replay", str(tmp_path / "none.replay.json")], capsys)
    _one_line_exit_2(["replay", str(tmp_path / "none.replay.json")], capsys)
    _one_line_exit_2(["simulate", str(level), "--replay", str(tmp_path / "x.replay.json")], capsys)


def test_keeps_the_last_runs_and_every_legs_best(level, folder):
    best, _ = play(level, folder, seed=1, bot=autopilot)  # finishes: the leg's best
    for seed in range(2, 7):
        play(level, folder, seed=seed, max_ticks=30, keep=3)  # short, unfinished runs
    names = [p.name for p in list_replays(folder)]
    assert len(names) == 4 and best.name in names  # the last 3 and the best
    assert read_best(folder)["leg.tmx"]["file"] == best.name


def test_a_better_run_takes_the_best_place(level, folder):
    slow = [Controls()] * 30
    first, _ = play(level, folder, seed=1, bot=lambda w: slow[w.tick] if w.tick < 30 else autopilot(w))
    second, _ = play(level, folder, seed=1, bot=autopilot)
    entry = read_best(folder)["leg.tmx"]
    r1, r2 = load_replay(first).result, load_replay(second).result
    assert entry["file"] == (second if (r2["score"], -r2["ticks"]) > (r1["score"], -r1["ticks"]) else first).name


def test_nothing_played_saves_nothing_and_a_full_disk_does_not_crash(level, tmp_path):
    lvl = load_level(level)
    rec = Recorder(tmp_path / "r")
    rec.start(lvl, 1)
    assert rec.finish(create_world(lvl, 1)) is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    rec = Recorder(blocker / "replays")
    rec.start(lvl, 1)
    rec.record(Controls())
    assert rec.finish(create_world(lvl, 1)) is None and rec.last_error


def test_replays_go_to_the_user_data_folder_by_default(monkeypatch, tmp_path):
    from game.session import replay

    monkeypatch.delenv("BALTO_REPLAY_DIR", raising=False)
    monkeypatch.setenv("BALTO_HOME", str(tmp_path))
    d = replay.replay_dir()
    assert d.name == "replays"
    assert str(tmp_path) in str(d) or "balto-serum-run" in str(d)  # $BALTO_HOME, else platformdirs


def test_the_replay_command_hands_the_replay_to_the_window(level, folder, monkeypatch, capsys):
    path, _ = play(level, folder, max_ticks=300)
    seen = {}

    def fake_run_app(level=None, seed=None, replay=None):
        seen["replay"] = replay
        return 0

    import game.app.window

    monkeypatch.setattr(game.app.window, "run_app", fake_run_app)
    assert main(["replay", str(path)]) == 0
    assert isinstance(seen["replay"], Replay) and seen["replay"].ticks == 300


def test_replay_info_and_list(level, folder, monkeypatch, capsys):
    path, _ = play(level, folder, max_ticks=120)
    assert main(["replay", str(path), "--info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["ticks"] == 120 and info["level_changed"] is False
    monkeypatch.setenv("BALTO_REPLAY_DIR", str(folder))
    assert main(["replay", "--list", "--json"]) == 0
    assert [r["file"] for r in json.loads(capsys.readouterr().out)["replays"]] == [str(path)]
    with pytest.raises(ReplayError):
        load_replay(folder / "nothing.replay.json")
