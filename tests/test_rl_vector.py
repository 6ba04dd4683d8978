"""game.rl vector envs: Gymnasium's Sync/AsyncVectorEnv and the native batched env agree with
single envs world for world (skipped without the `rl` extra)."""
import numpy as np
import pytest

gymnasium = pytest.importorskip("gymnasium")

from gymnasium.vector import AsyncVectorEnv, SyncVectorEnv

from game.resources import resolve_level
from game.rl import ENV_ID
from game.rl.env import SerumRunEnv
from game.rl.vector import BatchedSerumRunEnv
from game.tiled.level import load_level

MAKE_ID = f"game.rl:{ENV_ID}"
N = 3


def _actions(n_steps, n, seed=0):
    rng = np.random.default_rng(seed)
    acts = rng.uniform(-1, 1, size=(n_steps, n, 4))
    acts[:, :, 1] = 1.0  # mush: the team moves
    return acts


def _play(env, acts, seed):
    """Step a vector env through `acts`; per step the observations, rewards, flags, digests."""
    out = []
    obs, info = env.reset(seed=seed)
    out.append((obs, None, None, None, list(info["digest"])))
    for a in acts:
        obs, r, te, tr, info = env.step(a)
        out.append((obs, r, te, tr, list(info["digest"])))
    return out


def _same(a, b):
    for (oa, ra, tea, tra, da), (ob, rb, teb, trb, db) in zip(a, b, strict=True):
        assert oa.keys() == ob.keys()
        for k in oa:
            np.testing.assert_array_equal(oa[k], ob[k], err_msg=k)
        if ra is not None:
            np.testing.assert_array_equal(ra, rb)
            np.testing.assert_array_equal(tea, teb)
            np.testing.assert_array_equal(tra, trb)
        assert da == db


@pytest.fixture(scope="module")
def leg1():
    return load_level(resolve_level("1"))


def test_sync_and_async_vector_envs_run_and_agree(leg1):
    """Both Gymnasium vector envs run the env; with the same seeds and actions they return the
    same batches, and twice in a row the same run."""
    acts = _actions(8, N)
    fns = [lambda: SerumRunEnv(leg=leg1, max_seconds=10.0) for _ in range(N)]
    sync = SyncVectorEnv(fns)
    asy = AsyncVectorEnv(fns)
    try:
        a = _play(sync, acts, seed=7)
        b = _play(asy, acts, seed=7)
        _same(a, b)
        _same(a, _play(sync, acts, seed=7))
        assert len(set(a[-1][4])) == N  # seeds 7, 8, 9: three different worlds
    finally:
        sync.close()
        asy.close()


def test_the_batched_env_equals_single_envs_with_the_same_seeds(leg1):
    """World i of the batched env = a SerumRunEnv reset with seed s + i, step for step,
    including the autoreset after a short time limit (NEXT_STEP, as SyncVectorEnv)."""
    acts = _actions(40, N, seed=3)
    kw = dict(leg=leg1, max_seconds=1.0, digest_every_step=False)  # 15 steps: two autoresets
    batched = BatchedSerumRunEnv(num_envs=N, **kw)
    sync = SyncVectorEnv([lambda: SerumRunEnv(**kw) for _ in range(N)])
    a, b = _play_final(batched, acts, 11), _play_final(sync, acts, 11)
    info_b, info_s = batched.step(acts[0])[4], sync.step(acts[0])[4]
    assert info_b.keys() == info_s.keys()
    for key in info_b:  # batched as Gymnasium batches them
        assert info_b[key].dtype == info_s[key].dtype, key
        assert [str(x) for x in info_b[key]] == [str(x) for x in info_s[key]], key
    for x, y in zip(a, b, strict=True):
        assert x[0].keys() == y[0].keys()
        for k in x[0]:
            np.testing.assert_array_equal(x[0][k], y[0][k], err_msg=k)
        np.testing.assert_array_equal(x[1], y[1])
        np.testing.assert_array_equal(x[2], y[2])
        assert x[3] == y[3]
    assert sum(int(x[2].sum()) for x in a) >= N  # every world was truncated at least once
    # and world 1 alone, as a single env from seed 12, gives the batch's first episode
    single = SerumRunEnv(**kw)
    obs, _ = single.reset(seed=12)
    for t in range(14):
        obs, r, te, tr, _ = single.step(acts[t, 1])
        np.testing.assert_array_equal(obs["grid"], a[t + 1][0]["grid"][1])
        assert r == a[t + 1][1][1]


def _play_final(env, acts, seed):
    """As _play, with the rewards, ended flags and digests of worlds that ended."""
    out = []
    obs, _ = env.reset(seed=seed)
    out.append((obs, np.zeros(N), np.zeros(N, bool), []))
    for a in acts:
        obs, r, te, tr, info = env.step(a)
        ended = te | tr
        digests = [d for d, m in zip(info.get("digest", [None] * N), info.get("_digest", [False] * N)) if m]
        out.append((obs, r, ended, digests))
    return out


def test_the_batched_env_shares_the_level_and_the_flow_field(leg1):
    env = gymnasium.make_vec(MAKE_ID, num_envs=4, vectorization_mode="vector_entry_point", leg=leg1)
    assert isinstance(env, BatchedSerumRunEnv)
    obs, _ = env.reset(seed=1)
    assert obs["grid"].shape == (4, 5, 15, 15) and env.observation_space.contains(obs)
    eps = env.episodes
    assert all(ep.world.level is eps[0].world.level for ep in eps)
    assert all(ep.world.nav is eps[0].world.nav for ep in eps)
    assert all(ep.world.grid is not eps[0].world.grid for ep in eps[1:])
    obs, *_ = env.step(env.action_space.sample())
    assert env.observation_space.contains(obs)
    env.close()
