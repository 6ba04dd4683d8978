"""game.rl.bench: the env's throughput for `balto bench` (skipped without the `rl` extra). The
50 % target is reported, not enforced, as every bench target (timing on shared machines)."""
import pytest

pytest.importorskip("gymnasium")

from pathlib import Path

from game.devtools.bench.report import check_targets
from game.resources import legs
from game.rl.bench import OVERHEAD_TARGET, format_rl, run_rl


def test_the_rl_bench_measures_and_reports():
    rep = run_rl(quick=True)
    assert [s["frame_skip"] for s in rep["single"]] == [1, 4]
    assert all(s["steps_per_second"] > 0 for s in rep["single"])
    assert rep["batched"]["num_envs"] == 16 and rep["batched"]["world_steps_per_second"] > 0
    o = rep["overhead"]
    assert o["pairs_kept"] > o["pairs"] // 2 and o["target"] == OVERHEAD_TARGET
    by_leg = rep["overhead_by_leg"]
    assert [Path(x["level"]).name for x in by_leg] == [p.name for p in legs()]  # every leg, the worst reported
    assert o["extra"] == max(x["extra"] for x in by_leg)
    text = format_rl(rep)
    assert "16 worlds" in text and "frame_skip 4" in text and "target at most +50%" in text
    assert all(Path(x["level"]).stem in text for x in by_leg)


def test_the_overhead_is_a_bench_target():
    """`balto bench` judges the env's overhead with its other targets (n/a without the extra)."""
    rep = {"rl": {"overhead": {"extra": 0.31}}}
    (t,) = [t for t in check_targets(rep) if t["name"] == "rl_overhead_frame_skip_4"]
    assert t["ok"] is True and t["target"] == OVERHEAD_TARGET and t["kind"] == "max"
    rep["rl"]["overhead"]["extra"] = 0.52
    assert [t["ok"] for t in check_targets(rep) if t["name"] == "rl_overhead_frame_skip_4"] == [False]
    assert [t["ok"] for t in check_targets({}) if t["name"] == "rl_overhead_frame_skip_4"] == [None]

