"""Render figures, each against its own yardstick measured in the same frames:

- the whole frame (world, team, hazards, a full blizzard, HUD) as the game's window shows it:
  the window opened by the game's own `game.app.present.open_display` at 1280x720 (SDL's SCALED
  renderer when it is accelerated, else a plain window our `SoftwarePresenter` upscales into;
  the report's `window` says which), drawn at 640x360 and presented, against a plain copy of a
  1280x720 surface timed right after each frame;
- our tile layers against pyscroll's BufferedRenderer (tile layers only) on the same camera
  positions with the same animation clock, the two drawn alternately, frame by frame.
"""
from __future__ import annotations

import dataclasses
import importlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game.devtools.bench.common import LOGICAL, WINDOW, init_display, pct
from game.devtools.bench.machine import package_version
from game.tiled.common import display_path

PYSCROLL_WARMUP = 30


def blizzard_level(level: Any) -> Any:
    """A copy of a level under a full-intensity blizzard over the whole map, with gusts."""
    props = dict(level.properties)
    props.update({"weather": "blizzard", "intensity": 1.0, "wind_x": 60.0, "wind_y": 15.0, "gusts": True})
    return dataclasses.replace(level, properties=props)


def game_window(pygame: Any) -> Any:
    """The game's window (game/app/window.py) at the 1280x720 window scale: a
    `game.app.present.Presenter`, the path the game would take on this machine (vsync off: the
    bench times the work, not the wait)."""
    from game.app.present import open_display

    presenter = open_display(WINDOW, vsync=False)
    if presenter.path == "scaled":
        try:
            presenter.set_window_size(WINDOW)  # as the window-scale setting does
        except (AttributeError, pygame.error):
            pass  # older pygame: SCALED picks its integer scale itself
    return presenter


def _path_words(path: str) -> str:
    if path == "scaled":
        return "SCALED: SDL's accelerated renderer scales"
    return "no fast renderer: a plain window, our own upscale"


def bench_render(path: Path, warmup: int, frames: int) -> dict[str, Any]:
    """Frame times of the run screen's drawing (world view + HUD, as RunSession draws it)
    under a full blizzard: drawn at 640x360 onto the game's logical screen, then presented in
    the 1280x720 window the way the game presents it on this machine (`game_window`); and a
    plain copy of a 1280x720 surface after each frame. Also returns the camera positions and
    game times, for drawing the same views with pyscroll."""
    pygame = init_display()
    from game.render import Assets
    from game.render.hud import Hud
    from game.render.tiles import TileRenderer
    from game.render.world_view import WorldView
    from game.sim import create_world, step
    from game.sim.bots import autopilot
    from game.tiled.level import load_level

    level = blizzard_level(load_level(path))
    assets = Assets()
    tiles = TileRenderer(level)
    tiles.warm()
    world = create_world(level, 1)
    view = WorldView(level, assets.sprites, tiles, LOGICAL, seed=1)
    hud = Hud(assets, world)
    view.reset(world)
    view.warm()
    before = pygame.display.get_surface()
    restore = before.get_size() if before is not None else LOGICAL
    presenter = game_window(pygame)
    frame = presenter.screen  # what the game draws on: the SCALED display, or our 640x360 frame
    present_size = pygame.display.get_window_size()
    copy_src = pygame.Surface(WINDOW).convert(frame)
    copy_src.fill((90, 120, 160))
    copy_dst = pygame.Surface(WINDOW).convert(frame)
    t640: list[float] = []
    t1280: list[float] = []
    tpresent: list[float] = []
    tcopy: list[float] = []
    cams: list[tuple[int, int]] = []
    times: list[int] = []
    alphas = (0.0, 0.25, 0.5, 0.75)
    perf = time.perf_counter_ns
    nav = world.nav  # the level's own field (a run's may be repaired around broken ice)
    try:
        for i in range(warmup + frames):
            if world.outcome:
                world = create_world(level, 2 + i, nav=nav)
                view.reset(world)
                hud = Hud(assets, world)
            step(world, autopilot(world))
            events = list(world.events)
            view.update_tick(world, events)
            hud.on_events(world, events)
            hud.update_tick()
            alpha = alphas[i % 4]
            a = perf()
            view.draw(frame, world, alpha)
            cam = view.cam(alpha)
            hud.draw(frame, world, alpha, cam)
            b = perf()
            presenter.present()
            c = perf()
            copy_dst.blit(copy_src, (0, 0))
            d = perf()
            if i >= warmup:
                t640.append((b - a) / 1e6)
                t1280.append((c - a) / 1e6)
                tpresent.append((c - b) / 1e6)
                tcopy.append((d - c) / 1e6)
                cams.append(cam)
                times.append(view.ms(alpha))
    finally:
        pygame.display.set_mode(restore)  # the rest of the bench draws off screen, unscaled
    return {
        "level": display_path(path), "frames": frames, "weather": "blizzard, intensity 1.0",
        "window": f"{present_size[0]}x{present_size[1]}, {_path_words(presenter.path)}, "
                  f"{pygame.display.get_driver()} driver",
        "p50_640_ms": round(pct(t640, 0.5), 3), "p99_640_ms": round(pct(t640, 0.99), 3),
        "p50_1280_ms": round(pct(t1280, 0.5), 3), "p99_1280_ms": round(pct(t1280, 0.99), 3),
        "present_1280_p50_ms": round(pct(tpresent, 0.5), 3), "present_1280_p99_ms": round(pct(tpresent, 0.99), 3),
        "copy_1280_p50_ms": round(pct(tcopy, 0.5), 4), "copy_1280_p99_ms": round(pct(tcopy, 0.99), 4),
        "_cams": cams, "_times": times, "_tiles": tiles,
    }


def bench_tiles_vs_pyscroll(path: Path, cams: Sequence[tuple[int, int]], tiles: Any,
                            times: Sequence[int] | None = None) -> dict[str, Any]:
    """Our tile layers and pyscroll's BufferedRenderer drawing the same views of the level at
    the same game times (ms), alternately, each onto its own surface."""
    pygame = init_display()
    screen = pygame.display.get_surface()
    ms = list(times) if times is not None else [i * 16 for i in range(len(cams))]
    ours_frame = pygame.Surface(LOGICAL).convert(screen)
    theirs_frame = pygame.Surface(LOGICAL).convert(screen)
    perf = time.perf_counter_ns
    out: dict[str, Any] = {}
    try:
        pyscroll = importlib.import_module("pyscroll")
        util_pygame = importlib.import_module("pytmx.util_pygame")
    except ImportError:
        pyscroll = None
        out["pyscroll"] = "not installed (pip install -e \".[bench]\")"
    renderer = None
    clock = [0.0]
    if pyscroll is not None:
        try:
            tmx = util_pygame.load_pygame(str(path))
            renderer = pyscroll.BufferedRenderer(pyscroll.TiledMapData(tmx), LOGICAL,
                                                 time_source=lambda: clock[0])
        except Exception as exc:  # pyscroll versions differ; report rather than fail the bench
            out["pyscroll"] = f"failed to set up ({type(exc).__name__}: {exc})"
    half = (LOGICAL[0] // 2, LOGICAL[1] // 2)
    rect = theirs_frame.get_rect()
    ours: list[float] = []
    theirs: list[float] = []

    def draw_ours(k: int) -> float:
        a = perf()
        tiles.draw(ours_frame, cams[k], ms[k])
        return (perf() - a) / 1e6

    def draw_theirs(k: int) -> float:
        assert renderer is not None
        clock[0] = ms[k] / 1000.0
        a = perf()
        renderer.center((cams[k][0] + half[0], cams[k][1] + half[1]))
        renderer.draw(theirs_frame, rect)
        return (perf() - a) / 1e6

    for k in range(min(PYSCROLL_WARMUP, len(cams))):  # both warm up on the first views
        draw_ours(k)
        if renderer is not None:
            draw_theirs(k)
    for k in range(len(cams)):
        if renderer is None:
            ours.append(draw_ours(k))
        elif k % 2:  # alternate who goes first, so neither always draws into a warm cache
            ours.append(draw_ours(k))
            theirs.append(draw_theirs(k))
        else:
            theirs.append(draw_theirs(k))
            ours.append(draw_ours(k))
    out.update({"ours_tiles_p50_ms": round(pct(ours, 0.5), 4), "ours_tiles_p99_ms": round(pct(ours, 0.99), 4)})
    if renderer is None:
        return out
    ver = package_version("pyscroll") or getattr(pyscroll, "__version__", "installed")
    if isinstance(ver, tuple):
        ver = ".".join(map(str, ver))
    out.update({"pyscroll": str(ver),
                "pyscroll_p50_ms": round(pct(theirs, 0.5), 4),
                "pyscroll_p99_ms": round(pct(theirs, 0.99), 4)})
    return out
