"""The run as a Gymnasium environment (the optional `rl` extra: `pip install -e ".[rl]"`).

Importing this package registers `Balto/SerumRun-v0`, so

    env = gymnasium.make("game.rl:Balto/SerumRun-v0", leg=3)

works without importing anything first. The core game never imports gymnasium; only this
package does. The environment itself is `game.rl.env.SerumRunEnv` (spaces, reward: there and
in docs/simulation.md, "Reinforcement learning").
"""
from __future__ import annotations

from gymnasium.envs.registration import register, registry

ENV_ID = "Balto/SerumRun-v0"

if ENV_ID not in registry:
    register(id=ENV_ID, entry_point="game.rl.env:SerumRunEnv")

__all__ = ["ENV_ID"]
