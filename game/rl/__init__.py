"""The run as a Gymnasium environment (the optional `rl` extra: `pip install -e ".[rl]"`).

Importing this package registers `Balto/SerumRun-v0`, so

    env = gymnasium.make("game.rl:Balto/SerumRun-v0", leg=3)

works without importing anything first, and so does
`gymnasium.make_vec("game.rl:Balto/SerumRun-v0", num_envs=16, vectorization_mode="vector_entry_point")`
(the native batched env, `game.rl.vector.BatchedSerumRunEnv`; "sync" and "async" give
Gymnasium's own vector envs). The core game never imports gymnasium; only this
package does. The environment itself is `game.rl.env.SerumRunEnv` (spaces, reward: there and
in docs/simulation.md, "Reinforcement learning").
"""
from __future__ import annotations

from gymnasium.envs.registration import register, registry

ENV_ID = "Balto/SerumRun-v0"

if ENV_ID not in registry:
    register(id=ENV_ID, entry_point="game.rl.env:SerumRunEnv",
             vector_entry_point="game.rl.vector:BatchedSerumRunEnv")

__all__ = ["ENV_ID"]
