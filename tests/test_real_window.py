"""A real window: `python main.py` under Xvfb, driven by real X key events (xdotool).

Title -> Practice -> leg 1 (countdown, run) -> pause -> quit to the map -> title -> quit, with
an F12 screenshot on each screen, read back from $BALTO_HOME/pictures/Balto. The screenshots
must not be blank, must differ between screens, and the game must exit 0.

Needs Debian's `xvfb` and `xdotool` (.ci/run installs them). Skipped without them, except
when the CI environment variable is set: then their absence is a failure.
"""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
TOOLS = ("Xvfb", "xdotool")


def _need_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {', '.join(missing)} is not installed (apt-get install xvfb xdotool)")
        pytest.skip(f"needs {', '.join(missing)} (Debian: apt-get install xvfb xdotool)")


def _free_display() -> int:
    for n in range(90, 190):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    pytest.skip("no free X display number")


def _answers(display: str) -> bool:
    """True once the X server takes connections (its socket appears a little before that; a
    game started earlier finds no display and, rightly, refuses to run)."""
    env = {**os.environ, "DISPLAY": display}
    try:
        return subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True,
                              timeout=5).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    for _ in range(5):
        n = _free_display()
        proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{n}").exists() and _answers(f":{n}"):
                return proc, f":{n}"
            if proc.poll() is not None:
                break  # lost the race for that number: try another
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    pytest.fail("Xvfb did not start")


class Driver:
    def __init__(self, display: str, pictures: Path, log: Path) -> None:
        self.env = {**os.environ, "DISPLAY": display}
        self.pictures = pictures
        self.log = log

    def xdo(self, *args: str) -> str:
        out = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=10)
        return out.stdout.strip()

    def wait_window(self, game: subprocess.Popen, timeout: float = 45.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if game.poll() is not None:
                pytest.fail(f"the game exited early with {game.returncode}:\n{self.log.read_text()[-3000:]}")
            # SDL names the window in UTF-8, which `search --name` misses; its class is the script.
            wid = self.xdo("search", "--classname", "main.py") or self.xdo("search", "--name", "Balto")
            if wid:
                return wid.splitlines()[0]
            time.sleep(0.1)
        pytest.fail(f"no game window appeared:\n{self.log.read_text()[-3000:]}")

    def keys(self, *names: str, pause: float = 0.25) -> None:
        for name in names:
            self.xdo("key", name)
            time.sleep(pause)

    def hold(self, name: str, seconds: float) -> None:
        self.xdo("keydown", name)
        time.sleep(seconds)
        self.xdo("keyup", name)

    def shot(self, timeout: float = 5.0) -> np.ndarray:
        """F12, then the new PNG the game wrote, as an array."""
        import pygame

        before = set(self.pictures.glob("*.png")) if self.pictures.exists() else set()
        self.xdo("key", "F12")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = set(self.pictures.glob("*.png")) - before if self.pictures.exists() else set()
            if new:
                path = new.pop()
                time.sleep(0.1)  # let the write finish
                return pygame.surfarray.array3d(pygame.image.load(str(path))).astype(np.int16)
            time.sleep(0.05)
        pytest.fail("F12 wrote no screenshot")


def test_the_real_window_title_practice_leg_pause_quit(tmp_path):
    _need_tools()
    xvfb, display = _start_xvfb()
    home = tmp_path / "home"
    env = {**os.environ, "DISPLAY": display, "BALTO_HOME": str(home), "SDL_AUDIODRIVER": "dummy",
           "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    env.pop("SDL_VIDEODRIVER", None)  # a real X11 window this time
    for name in ("BALTO_MAX_FRAMES", "BALTO_AUTOPILOT"):  # the player drives, for as long as it takes
        env.pop(name, None)
    log = open(tmp_path / "game.log", "w")
    game = subprocess.Popen([sys.executable, "main.py"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        d = Driver(display, home / "pictures" / "Balto", tmp_path / "game.log")
        wid = d.wait_window(game)
        d.xdo("mousemove", "800", "450")  # no window manager: focus follows the pointer
        d.xdo("windowfocus", "--sync", wid)
        time.sleep(1.0)
        shots = {"title": d.shot()}
        # The game takes F12's picture after drawing the frame that follows every key before
        # it, so a slow step (opening the map, loading the leg) only delays the picture.
        d.keys("Down", "Return", pause=0.3)  # Practice a leg -> the route map
        shots["route_map"] = d.shot()
        d.keys("Return", pause=0.3)  # leg 1 -> its countdown
        shots["countdown"] = d.shot()
        time.sleep(2.6)  # 3, 2, 1 ...
        d.hold("Up", 1.0)  # mush
        shots["run"] = d.shot()
        d.keys("Escape", pause=0.3)
        shots["pause"] = d.shot()
        d.keys("Down", "Down", "Down", "Return", pause=0.2)  # Quit to map
        shots["map_again"] = d.shot()
        d.keys("Escape", pause=0.5)  # the title
        d.keys("Escape", pause=0.1)  # quit
        code = game.wait(timeout=10)
    finally:
        if game.poll() is None:
            game.kill()
            game.wait()
        xvfb.send_signal(signal.SIGTERM)
        try:
            xvfb.wait(timeout=5)
        except subprocess.TimeoutExpired:
            xvfb.kill()
        log.close()
    output = (tmp_path / "game.log").read_text()
    assert code == 0, output
    for name, img in shots.items():
        assert img.shape[:2] == (640, 360), name
        colours = len(np.unique(img.reshape(-1, 3), axis=0))
        assert colours >= 8 and img.std() > 8, f"{name} looks blank"
    names = [n for n in shots if n != "map_again"]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert np.abs(shots[a] - shots[b]).mean() > 1.0, f"{a} and {b} look the same"
    # The pause menu dims the run behind it; quitting leads back to the same map.
    assert shots["pause"].mean() < shots["run"].mean() - 15
    assert np.abs(shots["map_again"] - shots["route_map"]).mean() < \
        np.abs(shots["map_again"] - shots["title"]).mean() / 2
