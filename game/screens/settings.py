"""The settings screen: sound, display, accessibility, assist mode and remapping.

Pages (Left / Right on the tab row): Sound, Display, Access, Assist, Ghost (race your best run
in practice and in the campaign), Keyboard, Gamepad. Every
change is applied at once (`Services.apply_settings`: the volumes to `Audio`, the bindings to the
prompts and the input router, the display by the app on its next frame) and saved to
settings.json, so a crash loses nothing.

Remapping: Confirm on an input of an action waits for a key (or a gamepad button, stick
direction or trigger) and binds it there; "+" adds one; Delete / Backspace (Y on a pad)
removes one. A conflict is refused and says which action has that input; Esc cancels a
capture, and so does waiting 6 seconds.
"""
from __future__ import annotations

from typing import Any

import pygame

from game.input import actions as I
from game.input.bindings import ACTIONS, LABELS, MAX_PER_ACTION, gamepad_held
from game.input.names import GAMEPAD, KEYBOARD, BindingError, axis_name, axis_value, button_name, display_name
from game.render.palette import PALETTE as P
from game.screens.base import H, Screen, W, dim, panel
from game.screens.nav import Navigator
from game.screens.settings_pages import (
    ASSIST,
    GHOST,
    KEYS,
    PAD,
    PAGES,
    ROWS,
    SOUND,
    Row,
    chip_text,
    on_off,
)
from game.session.services import Services

CAPTURE_TICKS = 6 * 60  # a capture gives up after 6 s
MESSAGE_TICKS = 6 * 60


class SettingsScreen(Screen):
    """The settings pages over the screen it was opened from; Back returns there."""

    name = "settings"

    def __init__(self, nav: Navigator, services: Services, below: Screen, page: str = SOUND) -> None:
        super().__init__(nav, services)
        self.below = below
        self.session = below.session
        self.page = PAGES.index(page)
        self.row = -1  # -1: the tab row
        self.slot = 0  # which input of a binding row
        self.capture: tuple[str, str, int] | None = None  # (action, device, slot)
        self.capture_ticks = 0
        self.message = ""
        self.message_colour = P["snow_white"]
        self.message_ticks = 0

    # -- state ------------------------------------------------------------------------
    @property
    def page_name(self) -> str:
        return PAGES[self.page]

    @property
    def rows(self) -> tuple[Row, ...]:
        return ROWS[self.page_name]

    @property
    def current(self) -> Row | None:
        return self.rows[self.row] if 0 <= self.row < len(self.rows) else None

    @property
    def device(self) -> str:
        return GAMEPAD if self.page_name == PAD else KEYBOARD

    def say(self, text: str, colour: tuple[int, int, int] = P["snow_white"]) -> None:
        self.message, self.message_colour, self.message_ticks = text, colour, MESSAGE_TICKS

    def _set(self, **changes: Any) -> None:
        self.services.apply_settings(self.services.settings.replace(**changes))

    def _slots(self, row: Row) -> int:
        """Selectable slots of a binding row: its inputs plus '+' while there is room."""
        n = len(self.services.settings.bindings.inputs(row.key, self.device))
        return n + (1 if n < MAX_PER_ACTION else 0)

    # -- actions ----------------------------------------------------------------------
    def handle(self, action: str) -> None:
        if self.capture is not None:
            if action == I.BACK:
                self._end_capture("Cancelled")
            return
        if action == I.BACK:
            self.nav.back()
            return
        if action in (I.UP, I.DOWN):
            step = -1 if action == I.UP else 1
            self.row = (self.row + 1 + step) % (len(self.rows) + 1) - 1
            self.slot = 0
            return
        row = self.current
        if row is None:  # the tab row
            if action in (I.LEFT, I.RIGHT, I.CONFIRM):
                self.page = (self.page + (-1 if action == I.LEFT else 1)) % len(PAGES)
            return
        s = self.services.settings
        if row.kind == "volume":
            if action in (I.LEFT, I.RIGHT, I.CONFIRM):
                v = round(getattr(s, row.key) * 10) + (-1 if action == I.LEFT else 1)
                if action == I.CONFIRM and v > 10:
                    v = 0
                self._set(**{row.key: max(0, min(10, v)) / 10})
        elif row.kind == "toggle":
            if action in (I.LEFT, I.RIGHT, I.CONFIRM):
                self._set(**{row.key: not getattr(s, row.key)})
        elif row.kind == "scale":
            if action in (I.LEFT, I.RIGHT, I.CONFIRM):
                v = s.window_scale + (-1 if action == I.LEFT else 1)
                self._set(window_scale=(v - 1) % 4 + 1 if action == I.CONFIRM else v)
        elif row.kind == "speed":
            if action in (I.LEFT, I.RIGHT, I.CONFIRM):
                v = s.game_speed + (-10 if action == I.LEFT else 10)
                self._set(game_speed=50 if action == I.CONFIRM and v > 100 else v)
        elif row.kind == "bind":
            n = self._slots(row)
            if action in (I.LEFT, I.RIGHT):
                self.slot = (self.slot + (-1 if action == I.LEFT else 1)) % n
            elif action == I.CONFIRM:
                self.start_capture(row.key, self.device, self.slot)
        elif row.kind == "reset" and action == I.CONFIRM:
            self.services.apply_settings(s.replace(bindings=s.bindings.reset(row.key)))
            self.say(f"{row.key.capitalize()} bindings are back to the defaults", P["good"])

    # -- remapping --------------------------------------------------------------------
    def start_capture(self, action: str, device: str, slot: int = 0) -> None:
        """Wait for the input to bind to `action` (in place of input number `slot`)."""
        self.capture = (action, device, slot)
        self.capture_ticks = CAPTURE_TICKS

    def _end_capture(self, text: str = "", colour: tuple[int, int, int] = P["snow_light"]) -> None:
        self.capture = None
        if text:
            self.say(text, colour)

    def bind(self, name: str | int) -> bool:
        """Bind a captured input; a conflict is refused with the player told which action
        has it. True when it was bound."""
        assert self.capture is not None
        action, device, slot = self.capture
        s = self.services.settings
        try:
            bindings = s.bindings.rebind(action, name, device, slot)
        except BindingError as exc:
            self._end_capture(str(exc), P["danger"])
            return False
        self.services.apply_settings(s.replace(bindings=bindings))
        inputs = bindings.inputs(action, device)
        shown = display_name(inputs[min(slot, len(inputs) - 1)], device)
        self._end_capture(f"{LABELS[action]}: {shown}", P["good"])
        return True

    def unbind_selected(self) -> None:
        row = self.current
        if row is None or row.kind != "bind":
            return
        s = self.services.settings
        names = s.bindings.inputs(row.key, self.device)
        if self.slot >= len(names):
            return
        try:
            bindings = s.bindings.unbind(row.key, names[self.slot], self.device)
        except BindingError as exc:
            self.say(str(exc), P["danger"])
            return
        gone = display_name(names[self.slot], self.device)
        self.services.apply_settings(s.replace(bindings=bindings))
        self.slot = max(0, min(self.slot, self._slots(row) - 1))
        self.say(f"{gone} no longer does {LABELS[row.key]}", P["snow_light"])

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Raw events for capturing an input (the app offers every event here first).
        True when the event was used up."""
        t = event.type
        if self.capture is None:
            if t == pygame.KEYDOWN and event.key in (pygame.K_DELETE, pygame.K_BACKSPACE):
                self.unbind_selected()
                return True
            if t == pygame.CONTROLLERBUTTONDOWN and button_name(getattr(event, "button", -1)) == "y":
                self.unbind_selected()
                return True
            return False
        action, device, _ = self.capture
        if t == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self._end_capture("Cancelled")
            elif device == KEYBOARD:
                self.bind(event.key)
            return True
        if device != GAMEPAD:
            return t in (pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLERAXISMOTION)
        if t == pygame.CONTROLLERBUTTONDOWN:
            name = button_name(getattr(event, "button", -1))
            if name is not None:
                self.bind(name)
            return True
        if t == pygame.CONTROLLERAXISMOTION:
            axis = axis_name(getattr(event, "axis", -1))
            if axis is not None:
                held = gamepad_held((), {axis: axis_value(getattr(event, "value", 0))})
                if held:
                    self.bind(sorted(held)[0])
            return True
        return t in (pygame.CONTROLLERBUTTONUP,)

    def update_tick(self) -> None:
        super().update_tick()
        if self.message_ticks:
            self.message_ticks -= 1
        if self.capture is not None:
            self.capture_ticks -= 1
            if self.capture_ticks <= 0:
                self._end_capture("Nothing pressed: the binding is unchanged")
        if self.below.name == "title":
            self.below.update_tick()  # the title's snow keeps falling behind

    # -- drawing ----------------------------------------------------------------------
    def _value(self, row: Row) -> str:
        s = self.services.settings
        if row.kind == "volume":
            return f"{int(round(getattr(s, row.key) * 100))} %"
        if row.kind == "toggle":
            return on_off(getattr(s, row.key))
        if row.kind == "scale":
            return f"{s.window_scale}x  ({640 * s.window_scale} x {360 * s.window_scale})"
        if row.kind == "speed":
            return f"{s.game_speed} %"
        return ""

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        self.below.draw(surface, 0.0)
        dim(surface, 190)
        text = self.services.assets.text
        box = pygame.Rect(0, 0, 560, 340)
        box.center = (W // 2, H // 2)
        panel(surface, box, P["hud_bg"], 252)
        text.draw(surface, "SETTINGS", (W // 2, box.top + 8), P["snow_white"], 2, align="center")
        # Tabs.
        tab_y = box.top + 32
        widths = [text.size(p)[0] + 16 for p in PAGES]
        x = W // 2 - (sum(widths) + 4 * (len(PAGES) - 1)) // 2
        for i, (name, w) in enumerate(zip(PAGES, widths)):
            r = pygame.Rect(x, tab_y, w, 15)
            on = i == self.page
            if on:
                surface.fill(P["night"], r)
                pygame.draw.rect(surface, P["gold"] if self.row < 0 else P["snow_shadow"], r, 1)
            text.draw(surface, name, (r.centerx, r.top + 3), P["gold"] if on else P["hud_dim"], align="center")
            x += w + 4
        if self.row < 0:
            text.draw(surface, "<", (box.left + 14, tab_y + 3), P["gold"])
            text.draw(surface, ">", (box.right - 14, tab_y + 3), P["gold"], align="right")
        pygame.draw.line(surface, P["snow_shadow"], (box.left + 8, tab_y + 19), (box.right - 9, tab_y + 19))
        y = tab_y + 26
        if self.page_name in (KEYS, PAD):
            self._draw_bindings(surface, box, y)
        else:
            self._draw_rows(surface, box, y)
        self._draw_footer(surface, box)
        if self.capture is not None:
            self._draw_capture(surface)

    def _draw_rows(self, surface: pygame.Surface, box: pygame.Rect, y: int) -> None:
        text = self.services.assets.text
        for i, row in enumerate(self.rows):
            sel = i == self.row
            ry = y + i * 34
            if sel:
                plate = pygame.Rect(box.left + 16, ry - 4, box.width - 32, 30)
                panel(surface, plate, P["night"], 255, P["gold"])
            text.draw(surface, row.label, (box.left + 28, ry), P["gold"] if sel else P["snow_white"], 1)
            value = self._value(row)
            vx = box.right - 40
            text.draw(surface, value, (vx, ry), P["snow_white"], 1, align="right")
            if row.kind in ("volume", "speed"):
                lo, hi = (0.0, 1.0) if row.kind == "volume" else (50, 100)
                v = getattr(self.services.settings, row.key)
                bar = pygame.Rect(box.left + 200, ry + 2, 180, 6)
                pygame.draw.rect(surface, P["ink"], bar.inflate(2, 2))
                surface.fill(P["night"], bar)
                surface.fill(P["gold"] if sel else P["snow_light"],
                             (bar.left, bar.top, int(bar.width * (v - lo) / (hi - lo)), bar.height))
                notches = 10 if row.kind == "volume" else 5
                for k in range(1, notches):  # notches: shape as well as colour
                    surface.fill(P["ink"], (bar.left + bar.width * k // notches, bar.bottom - 2, 1, 2))
            elif row.kind == "toggle":
                on = getattr(self.services.settings, row.key)
                pill = pygame.Rect(box.left + 200, ry - 1, 26, 11)
                pygame.draw.rect(surface, P["ink"], pill.inflate(2, 2), border_radius=5)
                pygame.draw.rect(surface, P["good"] if on else P["rock_dark"], pill, border_radius=5)
                knob = (pill.right - 6 if on else pill.left + 5, pill.centery)
                pygame.draw.circle(surface, P["snow_white"], knob, 4)
            if sel:
                text.draw(surface, "<", (box.left + 190, ry), P["gold"], align="right")
                text.draw(surface, ">", (box.right - 30, ry), P["gold"])
            if row.note:
                text.draw(surface, row.note, (box.left + 28, ry + 12), P["hud_dim"])
        y2 = y + len(self.rows) * 34 + 4
        s = self.services.settings
        if self.page_name == ASSIST:
            lines = ["Assist mode, after Celeste's: play the way that lets you reach Nome."]
            if s.assisted:
                lines.append("ASSIST ON: runs are marked 'assisted' on results and high scores.")
            in_run = self.below.name == "pause"
            if in_run:
                lines.append("Vials and stamina rules apply from the next start of a leg.")
            for k, line in enumerate(lines):
                col = P["gold"] if line.startswith("ASSIST ON") else P["snow_light"]
                text.draw(surface, line, (W // 2, y2 + k * 13), col, align="center")
        elif self.page_name == GHOST:
            lines = ["At each checkpoint the time against your best: + behind, - ahead."]
            if self.below.name == "pause":
                lines.append("The ghost comes or goes from the next start of a leg.")
            for k, line in enumerate(lines):
                text.draw(surface, line, (W // 2, y2 + k * 13), P["snow_light"], align="center")
        elif self.page_name == SOUND:
            text.draw(surface, "Volumes change at once, even in a run.", (W // 2, y2), P["snow_light"],
                      align="center")

    def _draw_bindings(self, surface: pygame.Surface, box: pygame.Rect, y: int) -> None:
        text = self.services.assets.text
        b = self.services.settings.bindings
        dev = self.device
        gap = 14
        if dev == GAMEPAD:
            router = self.services.input
            pads = router.pads if router is not None else {}
            words = f"{len(pads)} gamepad(s) connected" if pads else \
                "No gamepad connected - plug one in at any time"
            text.draw(surface, words, (W // 2, y + len(self.rows) * gap + 14), P["hud_dim"], align="center")
        ctx_y = None
        for i, row in enumerate(self.rows):
            ry = y + i * gap
            sel = i == self.row
            if row.kind == "reset":
                ry += 4
                if sel:
                    panel(surface, pygame.Rect(box.left + 16, ry - 3, box.width - 32, 14), P["night"], 255, P["gold"])
                text.draw(surface, row.label, (W // 2, ry), P["gold"] if sel else P["snow_light"], align="center")
                continue
            ctx = ACTIONS[row.key]
            if ctx != ctx_y:
                ctx_y = ctx
                text.draw(surface, ctx.upper(), (box.left + 14, ry), P["hud_dim"])
            if sel:
                panel(surface, pygame.Rect(box.left + 70, ry - 3, box.width - 86, 14), P["night"], 255, P["gold"])
            text.draw(surface, row.label, (box.left + 78, ry), P["gold"] if sel else P["snow_white"])
            names = b.inputs(row.key, dev)
            x = box.left + 200
            chips = [chip_text(n, dev) for n in names] + (["+"] if len(names) < MAX_PER_ACTION else [])
            if not names:
                text.draw(surface, "unbound", (x + 24, ry), P["warning"])
            for k, chip in enumerate(chips):
                w = text.size(chip)[0] + 8
                r = pygame.Rect(x, ry - 2, w, 12)
                hot = sel and k == self.slot
                surface.fill(P["gold"] if hot else P["slate"] if chip != "+" else P["night"], r)
                pygame.draw.rect(surface, P["ink"], r, 1)
                text.draw(surface, chip, (r.centerx, ry), P["ink"] if hot else P["snow_white"], align="center",
                          shadow=None)
                x += w + 4

    def _draw_footer(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        text = self.services.assets.text
        pr = self.services.prompts
        row = self.current
        if self.message_ticks and self.message:
            lines = text.wrap(self.message, box.width - 40)[:2]
            for k, line in enumerate(lines):
                text.draw(surface, line, (W // 2, box.bottom - 46 + k * 11), self.message_colour, align="center",
                          outline=True)
        if row is None:
            hint = pr.hint(("leftright", "page"), ("updown", "choose"), ("back", "back"))
        elif row.kind == "bind":
            unbind = "Y" if pr.gamepad else "DEL"
            hint = pr.hint(("leftright", "pick"), ("confirm", "rebind")) + f"   {unbind} remove   " + \
                pr.hint(("back", "back"))
        elif row.kind == "reset":
            hint = pr.hint(("confirm", "reset"), ("back", "back"))
        else:
            hint = pr.hint(("leftright", "change"), ("updown", "choose"), ("back", "back"))
        text.draw(surface, hint, (W // 2, box.bottom - 16), P["snow_light"], align="center")

    def _draw_capture(self, surface: pygame.Surface) -> None:
        assert self.capture is not None
        action, device, slot = self.capture
        text = self.services.assets.text
        dim(surface, 120)
        box = pygame.Rect(0, 0, 340, 84)
        box.center = (W // 2, H // 2)
        panel(surface, box, P["night"], 250, P["gold"])
        what = "key" if device == KEYBOARD else "button, stick or trigger"
        text.draw(surface, f"Press a {what}", (W // 2, box.top + 12), P["snow_white"], 2, align="center")
        text.draw(surface, f"for {LABELS[action]}", (W // 2, box.top + 36), P["gold"], align="center")
        secs = max(0, self.capture_ticks) // 60 + 1
        text.draw(surface, f"ESC cancels ({secs})", (W // 2, box.top + 58), P["hud_dim"], align="center")
