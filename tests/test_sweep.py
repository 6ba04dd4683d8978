"""Sweeps: many seeds in a pool (any concurrent.futures Executor), a table per level, bad input."""
import concurrent.futures as cf
import csv
import io
import json

import pytest
from mapmaker import write_map

from game.cli import main
from game.headless.sweep import ProgressBar, format_table, parse_seeds, summarise, sweep

PIC = """
TTTTTTTTTTTTTTTTTTTT
T..................T
T.S======T=======F.T
T..................T
TTTTTTTTTTTTTTTTTTTT
"""
CLIFFS = """
CCCCCCCCCCCCCCCCCCCC
C.......C..........C
C.S=====C=======F..C
C.......C..........C
CCCCCCCCCCCCCCCCCCCC
"""


@pytest.fixture
def level(tmp_path):
    return write_map(tmp_path / "tiny.tmx", PIC)


@pytest.mark.parametrize("text, seeds", [
    ("1-5", [1, 2, 3, 4, 5]), ("7", [7]), ("1-3,10", [1, 2, 3, 10]), ("0-0", [0]),
])
def test_seed_ranges(text, seeds):
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize("text", ["5-1", "x", "1-", "-3", "", "1,,2", "1-2-3"])
def test_bad_seed_ranges(text):
    with pytest.raises(ValueError):
        parse_seeds(text)


def test_a_pool_gives_the_same_runs_as_one_process(level):
    one = sweep([level], range(1, 5), bot="random", workers=1, max_seconds=15)
    two = sweep([level], range(1, 5), bot="random", workers=2, max_seconds=15)
    assert [r.digest for r in one.results] == [r.digest for r in two.results]
    assert [r.seed for r in two.results] == [1, 2, 3, 4] and two.workers == 2


def test_any_executor_will_do(level):
    """Threads share the process: each chunk gets its own run, so a thread never resets
    another's (the runs and their digests are those of one process)."""
    alone = sweep([level], range(1, 9), workers=1)
    with cf.ThreadPoolExecutor(4) as ex:
        rep = sweep([level], range(1, 9), executor=ex)
    assert rep.levels[0].runs == 8 and rep.levels[0].finish_rate == 1.0
    assert [r.digest for r in rep.results] == [r.digest for r in alone.results]


def test_a_table_per_level_with_finish_rate_vials_time_and_losses(level, tmp_path, capsys):
    other = write_map(tmp_path / "other.tmx", PIC, properties={"title": "Second leg"})
    assert main(["sweep", str(level), str(other), "--seeds", "1-3", "--workers", "2"]) == 0
    cap = capsys.readouterr()
    out = cap.out
    assert out.count("3 runs") == 2 and "Second leg" in out
    for word in ("finished", "vials", "mean", "min", "time", "losses"):
        assert word in out
    assert "sweep: 6/6 runs (100 %)" in cap.err  # not a terminal: plain progress lines


def test_json_and_csv(level, tmp_path, capsys):
    rows = tmp_path / "runs.csv"
    assert main(["sweep", str(level), "--seeds", "1-4", "--bot", "none", "--max-seconds", "10",
                 "--workers", "2", "--json", "--csv", str(rows)]) == 0
    out = json.loads(capsys.readouterr().out)
    (s,) = out["levels"]
    assert out["runs"] == 4 and out["seeds"] == "1-4" and out["bot"] == "none"
    assert s["runs"] == 4 and 0.0 <= s["finish_rate"] <= 1.0 and s["vials_min"] <= s["vials_mean"]
    assert s["losses"].get("impact", 0) > 0 and sorted(s["unfinished_seeds"]) == s["unfinished_seeds"]
    table = list(csv.DictReader(rows.open()))
    assert [int(r["seed"]) for r in table] == [1, 2, 3, 4] and "loss_impact" in table[0]


def test_losses_by_cause_and_a_leg_nobody_finishes(tmp_path):
    cliffs = write_map(tmp_path / "cliffs.tmx", CLIFFS)
    rep = sweep([cliffs], [1, 2], bot="none", workers=1, max_seconds=30)
    s = rep.levels[0]
    text = format_table(s, "1-2")
    assert s.finish_rate == 0.0 and s.losses.get("cliff", 0) > 0 and s.unfinished_seeds == [1, 2]
    assert "finished  0/2 (0.0 %)" in text and "no run finished" in text and "cliff" in text


def test_summary_of_hand_made_results():
    from game.sim.scoring import RunResult

    rs = [RunResult("l", "L", i, "b", o, 600, 60, 10.0 + i, 20, v, loss) for i, (o, v, loss) in
          enumerate([("finished", 18, {"impact": 2}), ("lost", 0, {"water": 20}), ("finished", 20, {})])]
    s = summarise(rs)
    assert s.runs == 3 and s.outcomes == {"finished": 2, "lost": 1}
    assert s.vials_min == 0 and s.vials_mean == pytest.approx(38 / 3)
    assert s.seconds_mean == pytest.approx(11.0) and s.losses == {"impact": 2, "water": 20}
    assert s.unfinished_seeds == [1]


def test_a_terminal_gets_a_bar_redrawn_in_place():
    buf = io.StringIO()
    bar = ProgressBar(buf, tty=True)
    bar(0, 10)
    bar(10, 10)
    assert "\r[" in buf.getvalue() and "10/10 runs" in buf.getvalue() and buf.getvalue().endswith("\n")


@pytest.mark.parametrize("argv", [
    ["sweep", "{level}", "--seeds", "5-1"],
    ["sweep", "{level}", "--workers", "0"],
    ["sweep", "{level}", "--workers", "-2"],
    ["sweep", "{level}", "--seeds", "a-b"],
    ["sweep", "{level}", "--bot", "script"],
    ["sweep", "missing.tmx", "--seeds", "1-2"],
    ["sweep"],
])
def test_bad_input_is_one_line_and_exit_2(level, capsys, argv):
    assert main([a.replace("{level}", str(level)) for a in argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err


def test_a_dask_cluster_executor(level):
    """The `cluster` extra: a local Dask cluster runs the same sweep, pickling levels to workers."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        rep = sweep([level], range(1, 5), bot="random", max_seconds=15, executor=client.get_executor())
    local = sweep([level], range(1, 5), bot="random", max_seconds=15, workers=1)
    assert [r.digest for r in rep.results] == [r.digest for r in local.results]
    assert rep.workers == 1  # the cluster's worker count, not this machine's CPUs


def test_json_lists_the_seeds_and_names_levels_as_typed(level, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    typed = "./" + level.name  # the loader would show another path; the report keeps this one
    assert main(["sweep", typed, "--seeds", "3,1,7", "--bot", "none", "--max-seconds", "5",
                 "--workers", "1", "--json", "--quiet", "--csv", "runs.csv"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["seed_list"] == [3, 1, 7] and out["seeds"] == "3 seeds"
    assert out["levels"][0]["level"] == typed
    assert {r["level"] for r in csv.DictReader((tmp_path / "runs.csv").open())} == {typed}


class _FakeClient:
    """What a Dask Client answers about its cluster: one entry per worker."""

    def nthreads(self) -> dict[str, int]:
        return {"tcp://a:1": 2, "tcp://b:1": 2, "tcp://c:1": 2}


class _FakeDaskExecutor(cf.ThreadPoolExecutor):
    """Like distributed's ClientExecutor: a submit()ting executor with a `_client`."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self._client = _FakeClient()


def test_workers_is_the_clusters_worker_count(level):
    with _FakeDaskExecutor() as ex:
        rep = sweep([level], [1, 2], bot="none", max_seconds=5, executor=ex, workers=8)
    assert rep.workers == 3 and rep.as_dict()["workers"] == 3
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        assert sweep([level], [1], bot="none", max_seconds=5, executor=pool).workers == 2
