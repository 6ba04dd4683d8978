"""The human model (`--bot human`): a stand-in for a person at the keyboard, for difficulty.

What it models:
- Sight: it sees what the window shows, the 640x360 view around the team (a box of
  VIEW_HALF_W x VIEW_HALF_H px around Balto), cut to the weather's visibility (a circle of
  `world.weather.visibility` px in a blizzard or at night; markers to `guide_visibility`).
  Bears, markers, water and cliffs outside that are unknown to it.
- The lay of the land: a musher knows the country, so it plans on a flow field over the map,
  walked only as far as the walk stays inside the seen area. But the field is its own
  (game.sim.belief): thin ice and overflow look to it like plain ice until those cells have
  been in its sight; when new ones come into sight it plans again. So at a fork it heads for
  the short way over unseen thin ice, and turns away (or crosses, if that is still cheaper
  from where it stands) once it sees it. It never reads the level's own field.
- Reaction time: the decision made on the frame of tick t is applied at tick t + delay
  (reaction_ms, default 200 ms = 12 ticks); until then the hands keep doing the older decision.
- A shaky hand: a small seeded offset on the steer, held for a few ticks like a real thumb.
- Markers: at a glance all markers look alike. A marker it sees ahead draws it (people follow
  markers); when a new one comes into view it checks it with Balto's senses with its own
  seeded chance (`senses_chance`), else trusts it. A marker the screen shows as false (revealed
  by senses) it ignores from then on. It never reads `markers.off_route` (ground truth).
- Hazards it sees: it outruns a bear it sees coming, brakes when a fall (water, cliff) lies a
  short way along its motion in view, and slows to what it can see in fog.
- Getting unstuck: held in one spot (against a rock or a tree, bouncing or not) while it
  means to go, it turns hard to one side for a second after 1.5 s.

What it does not model: fatigue or lapses of attention, learning a leg over several runs,
reading the minimap or HUD text, hearing a bear off screen, or a controller's analog feel
beyond the noise above. Its hands are the autopilot's (game.sim.steering): it crabs into a
crosswind and does not aim across water it can see.
"""
from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable

import numpy as np

from game.sim import bear as B
from game.sim import terrain as T
from game.sim.belief import Belief
from game.sim.constants import TICK_HZ
from game.sim.controls import NEUTRAL, Controls
from game.sim.markers import SENSES_RADIUS
from game.sim.steering import aim, bearing, clear_line, pace, steer_for, wrap
from game.sim.world import World

VIEW_HALF_W = 320.0  # px: half the 640x360 logical window, centred on the team
VIEW_HALF_H = 180.0
REACTION_MS_MAX = 1000
MARKER_PASSED = 48.0  # px: a marker this near is reached, and left behind
SENSES_TICKS = 40  # how long it holds senses to check one marker
STUCK_ROOM = 12.0  # px: a team that has not got further than this from where it stood is held
STUCK_TICKS = 90  # standing still this long (1.5 s), a person turns away
BACK_OFF_TICKS = 60  # and keeps turning for a second
_FALL = tuple(bool(f) for f in T.FALL)
_TRAIL = T.CODE["trail"]


def reaction_ticks(reaction_ms: float) -> int:
    """Whole ticks of a reaction time (60 per second); raises ValueError outside 0..1000 ms."""
    if not (isinstance(reaction_ms, (int, float)) and math.isfinite(reaction_ms)
            and 0 <= reaction_ms <= REACTION_MS_MAX):
        raise ValueError(f"reaction time must be from 0 to {REACTION_MS_MAX} ms, got {reaction_ms!r}")
    return int(round(reaction_ms * TICK_HZ / 1000.0))


class HumanBot:
    """A person at the keyboard: limited sight, a reaction delay, a shaky hand; seeded.

    Call it once per tick, like every bot: each call queues this frame's decision and returns
    the one made `delay` calls ago (no input for the first `delay` ticks)."""

    name = "human"

    def __init__(self, seed: int, reaction_ms: float = 200, shake: float = 0.08,
                 senses_chance: float = 0.6, marker_pull: float = 0.3, closed: Iterable[int] = ()) -> None:
        self.delay = reaction_ticks(reaction_ms)
        self.reaction_ms = reaction_ms
        self.rng = np.random.default_rng([int(seed), 0x4855])
        self.shake = float(shake)
        self.senses_chance = float(senses_chance)
        self.marker_pull = float(marker_pull)
        self.queue: deque[Controls] = deque()
        self.noise = 0.0
        self.noise_hold = 0
        self.checking = -1  # the marker it is checking with senses, if any
        self.check_ticks = 0
        self.trusted: set[int] = set()  # markers it follows
        self.doubted: set[int] = set()  # markers it means to check when near
        self.done: set[int] = set()  # markers passed or seen to be false
        self.order: list[int] | None = None  # marker indexes by x, built on first sight
        self.stuck = 0  # ticks it has seen the team held in one spot while it means to go
        self.anchor = (math.inf, math.inf)  # where the team stood when it last got somewhere
        self.back_off = 0  # ticks left of turning away from what holds the team
        self.back_steer = 1.0
        self.closed = tuple(int(i) for i in closed)  # cells it was told to keep out of (a forced way)
        self.belief: Belief | None = None  # made on the first frame of a world
        self.belief_of: World | None = None

    def __call__(self, world: World) -> Controls:
        decision = self.decide(world)
        if self.delay == 0:
            return decision
        self.queue.append(decision)
        return self.queue.popleft() if len(self.queue) > self.delay else NEUTRAL

    # -- what it sees -----------------------------------------------------------------------

    @staticmethod
    def in_view(world: World, x: float, y: float, reach: float | None = None) -> bool:
        """Is (x, y) on screen around the team and within the weather's reach?"""
        t = world.team
        dx, dy = x - t.x, y - t.y
        r = world.weather.visibility if reach is None else reach
        return abs(dx) <= VIEW_HALF_W and abs(dy) <= VIEW_HALF_H and dx * dx + dy * dy <= r * r

    def _way(self, world: World, steps: int) -> tuple[float, float] | None:
        """The trail `steps` cells ahead, or as far as it stays in view (`in_view`, written out:
        this runs several times a tick). The cells come from the field's kept walk."""
        nav = self.belief.field(world) if self.belief is not None else world.nav
        t = world.team
        walked = nav.walk(t.x, t.y, steps)
        i = walked[0]
        if i < 0:
            return None  # no way to the finish from here
        ts, w = nav.tile, nav.width
        tx, ty = t.x, t.y
        r = world.weather.visibility
        r2 = r * r
        for j in walked[1:steps + 1]:
            if j < 0:
                break
            cy, cx = divmod(j, w)
            dx, dy = (cx + 0.5) * ts - tx, (cy + 0.5) * ts - ty
            if not (abs(dx) <= VIEW_HALF_W and abs(dy) <= VIEW_HALF_H and dx * dx + dy * dy <= r2):
                break
            i = j
        cy, cx = divmod(i, w)
        return ((cx + 0.5) * ts, (cy + 0.5) * ts)

    @classmethod
    def bear_seen(cls, world: World) -> bool:
        """A bear on screen coming for the team (roaring, charging, swiping)."""
        b = world.bears
        for i in b.awake:
            if B.NOTICE <= b.state[i] <= B.RECOVER and cls.in_view(world, float(b.x[i]), float(b.y[i])):
                return True
        return False

    def _fall_ahead(self, world: World) -> bool:
        """Water or a cliff a short way along the team's motion, in view."""
        t = world.team
        vel = math.hypot(t.vx, t.vy)
        if vel < 30.0:
            return False
        ts = world.level.tile_size
        reach = min(vel * (0.5 + self.delay / TICK_HZ), world.weather.visibility, VIEW_HALF_H)
        ux, uy = t.vx / vel, t.vy / vel
        grid = world.grid
        h, w = len(grid), len(grid[0]) if grid else 0
        d = ts * 0.5
        while d <= reach:
            cx, cy = int((t.x + ux * d) // ts), int((t.y + uy * d) // ts)
            if 0 <= cy < h and 0 <= cx < w and _FALL[grid[cy][cx]]:
                return True
            d += ts * 0.5
        return False

    # -- markers ----------------------------------------------------------------------------

    def _marker(self, world: World) -> tuple[int, bool]:
        """(the nearest marker ahead in view it has not finished with, or -1; sense it now?)"""
        m = world.markers
        if not len(m.x):
            return -1, False
        if self.order is None:
            self.order = [int(i) for i in np.argsort(m.x, kind="stable")]
        t = world.team
        hx, hy = math.sin(t.heading), -math.cos(t.heading)
        reach = world.weather.guide_visibility
        best, best_d = -1, math.inf
        for i in self.order:
            mx = float(m.x[i])
            if mx < t.x - VIEW_HALF_W:
                continue
            if mx > t.x + VIEW_HALF_W:
                break
            if i in self.done:
                continue
            my = float(m.y[i])
            if not self.in_view(world, mx, my, reach):
                continue
            if m.revealed_until[i] > world.tick:  # the screen shows it false
                self.done.add(i)
                continue
            dx, dy = mx - t.x, my - t.y
            d2 = dx * dx + dy * dy
            if d2 < MARKER_PASSED ** 2 or dx * hx + dy * hy < 0.0:
                self.done.add(i)  # reached it, or left it behind
                continue
            if d2 < best_d:
                best, best_d = i, d2
        if best < 0:
            return -1, False
        if best not in self.trusted and best not in self.doubted:
            (self.doubted if self.rng.random() < self.senses_chance else self.trusted).add(best)
        if best in self.doubted:
            if self.checking != best and best_d <= (SENSES_RADIUS * 0.9) ** 2 and not m.cooldown:
                self.checking, self.check_ticks = best, SENSES_TICKS
            if self.checking == best:
                self.check_ticks -= 1
                if self.check_ticks <= 0 or t.stamina < 0.2:  # nothing shown: it is a true one
                    self.doubted.discard(best)
                    self.trusted.add(best)
                    self.checking = -1
                    return best, False
                return best, True
            return -1, False  # not near enough to check yet: keep to the trail
        return best, False

    # -- the decision -----------------------------------------------------------------------

    def decide(self, world: World) -> Controls:
        """What the person decides on this frame (applied `delay` ticks later)."""
        if self.belief is None or self.belief_of is not world:
            self.belief, self.belief_of = Belief(world, self.closed), world
        self.belief.look(world, VIEW_HALF_W, VIEW_HALF_H)
        t = world.team
        vis = world.weather.visibility
        sight = max(2, int(min(vis, VIEW_HALF_W) / world.level.tile_size))
        near = min(3 + int(t.speed / 35.0), sight)
        a = self._way(world, near)
        b = self._way(world, min(near * 2 + 2, sight)) or a
        # Like anyone watching the screen, it does not aim across water or a cliff's edge it sees.
        while a is not None and near > 1 and not clear_line(world, t.x, t.y, *a):
            near -= 1
            a = self._way(world, near)
        if a is None:
            a = (world.respawn.x, world.respawn.y)
        b = b or a
        marker, sensing = self._marker(world)
        if marker >= 0 and not sensing and t.terrain != _TRAIL:  # off the trail, markers lead
            m, k = world.markers, self.marker_pull
            a = (float(m.x[marker]) * k + a[0] * (1.0 - k), float(m.y[marker]) * k + a[1] * (1.0 - k))
        diff, crab, slip, drift = aim(world, *a)  # the same hands as the autopilot: crabbing too
        far = wrap(bearing(t.x, t.y, *b) + crab - t.heading)
        steer = steer_for(diff + self._shake() / 3.0)
        brake, mush = pace(world, diff, far, slip, drift, danger=self._fall_ahead(world))
        if self.bear_seen(world):
            return Controls(steer=steer, mush=t.stamina > 0.0, brake=False)
        unstick = self._unstick(world, brake)
        if unstick is not None:
            return unstick
        return Controls(steer=steer, mush=mush and not sensing, brake=brake, senses=sensing)

    def _unstick(self, world: World, braking: bool) -> Controls | None:
        """A team that stands against a rock or a tree while the person means to go: after a
        second and a half a person turns hard away for a second (a seeded side), as anyone
        would, instead of pushing into it until the clock runs out."""
        t = world.team
        if world.outcome:  # the run is over: the team stands because it has arrived
            return None
        if self.back_off > 0:
            self.back_off -= 1
            return Controls(steer=self.back_steer)
        ax, ay = self.anchor
        if t.stun or braking or (t.x - ax) ** 2 + (t.y - ay) ** 2 > STUCK_ROOM ** 2:
            self.stuck, self.anchor = 0, (t.x, t.y)  # it got somewhere (or means to stop)
        else:
            self.stuck += 1
        if self.stuck < STUCK_TICKS:
            return None
        self.stuck = 0
        self.back_off = BACK_OFF_TICKS
        self.back_steer = 1.0 if self.rng.random() < 0.5 else -1.0
        return Controls(steer=self.back_steer)

    def _shake(self) -> float:
        """The thumb's offset: a small seeded value held for a few ticks."""
        if self.shake <= 0.0:
            return 0.0
        if self.noise_hold <= 0:
            self.noise = float(self.rng.normal(0.0, self.shake))
            self.noise_hold = int(self.rng.integers(6, 20))
        self.noise_hold -= 1
        return self.noise
