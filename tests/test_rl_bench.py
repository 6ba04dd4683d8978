"""game.rl.bench: the env's throughput for `balto bench` (skipped without the `rl` extra). The
50 % target is reported, not enforced, as every bench target (timing on shared machines)."""
import pytest

pytest.importorskip("gymnasium")

from game.rl.bench import OVERHEAD_TARGET, format_rl, run_rl


def test_the_rl_bench_measures_and_reports():
    rep = run_rl(quick=True)
    assert [s["frame_skip"] for s in rep["single"]] == [1, 4]
    assert all(s["steps_per_second"] > 0 for s in rep["single"])
    assert rep["batched"]["num_envs"] == 16 and rep["batched"]["world_steps_per_second"] > 0
    o = rep["overhead"]
    assert o["pairs_kept"] > o["pairs"] // 2 and o["target"] == OVERHEAD_TARGET
    text = format_rl(rep)
    assert "16 worlds" in text and "frame_skip 4" in text and "target at most +50%" in text

