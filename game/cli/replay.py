"""`balto replay FILE`: play a recorded run back in the window.

`--info` prints what the replay holds instead; `--list` lists the recorded runs (the last 50
and the best of every leg, in the user data folder). To re-run a replay headless and check
it, use `balto simulate --replay FILE`.
"""
from __future__ import annotations

import argparse
import json
import sys

from game.cli.common import UsageError, positive_seconds

NAME = "replay"
HELP = "play a recorded run back in the window"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", help="a replay file (.replay.json)")
    p.add_argument("--info", action="store_true", help="print the replay's level, seed, ticks and result")
    p.add_argument("--list", action="store_true", help="list the recorded runs")
    p.add_argument("--json", action="store_true", help="with --info or --list: JSON")
    p.add_argument("--max-seconds", type=positive_seconds, default=24 * 3600.0,
                   help="the longest recorded run to read (default a day of game time: every run "
                        "played in the window)")


def _info(rep, changed: bool | None) -> dict:
    res = rep.result
    return {"file": rep.path, "level": rep.level, "title": rep.title, "seed": rep.seed,
            "ticks": rep.ticks, "seconds": round(rep.ticks / 60, 4), "game_version": rep.game_version,
            "recorded_at": rep.recorded_at, "outcome": res.get("outcome", ""),
            "vials": res.get("vials"), "score": res.get("score"), "digest": rep.digest,
            "level_changed": changed}


def _list(as_json: bool, limit: int) -> int:
    from game.session.replay import ReplayError, list_replays, load_replay, read_best, replay_dir

    folder = replay_dir()
    bests = {str(v.get("file")) for v in read_best(folder).values()}
    rows = []
    for path in reversed(list_replays(folder)):
        try:
            rep = load_replay(path, limit)
        except ReplayError:
            continue
        row = _info(rep, None)
        row["best"] = path.name in bests
        rows.append(row)
    if as_json:
        print(json.dumps({"folder": str(folder), "replays": rows}))
    elif not rows:
        print(f"no replays in {folder}")
    else:
        for r in rows:
            star = " (best)" if r["best"] else ""
            print(f"{r['file']}\n    {r['title'] or r['level']}: {r['outcome'] or '?'}, "
                  f"{r['seconds']:.1f} s, {r['vials']} vials, score {r['score']}{star}")
    return 0


def run(args: argparse.Namespace) -> int:
    from game.session.replay import ReplayError, load_replay, max_ticks, open_level

    if args.list:
        return _list(args.json, max_ticks(args.max_seconds))
    if not args.file:
        raise UsageError("balto replay: give a replay FILE, or --list (see --help)")
    try:
        rep = load_replay(args.file, max_ticks(args.max_seconds))
        _, changed = open_level(rep)  # a missing or broken level: exit 2 here
    except ReplayError as exc:
        raise UsageError(str(exc)) from None
    if changed:
        print(f"{rep.level} changed since this replay was recorded; the run may play differently",
              file=sys.stderr)
    if args.info:
        info = _info(rep, changed)
        if args.json:
            print(json.dumps(info))
        else:
            print("\n".join(f"{k}: {v}" for k, v in info.items()))
        return 0
    from game.app.window import NoDisplayError, run_app

    try:
        return run_app(replay=rep)
    except NoDisplayError as exc:
        raise UsageError(str(exc)) from None
