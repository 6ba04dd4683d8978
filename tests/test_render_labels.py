"""`balto render`: no label is drawn over another (a finish with lights beside it, a crowd of
markers' neighbours), and the wolf's radius ring says what it is."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402
from mapmaker import obj, write_map  # noqa: E402

from game.render.level_image import draw_objects, leader, level_image, place_labels  # noqa: E402
from game.tiled.level import load_level  # noqa: E402

pytestmark = pytest.mark.usefixtures("pygame_display")

PIC = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T............................T
T............................T
T............................T
T............................T
T.S========================FFT
T..........................FFT
T............................T
T............................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""


def _crowded(tmp_path):
    fin = obj(60, "finish", 27 * 16, 5 * 16, 32, 32, name="Far Bank")
    lights = "".join(obj(61 + i, "lights", 26 * 16 + 4 * i, 5 * 16 - 6, name="lights") for i in range(4))
    wolf = obj(70, "wolf", 12 * 16, 5 * 16, name="white wolf", props={"appear_radius": 48.0})
    cp = obj(71, "checkpoint", 11 * 16, 4 * 16, 32, 32, name="Roadhouse")
    path = write_map(tmp_path / "m.tmx", PIC, objects=fin + lights + wolf + cp)
    return load_level(path)


def test_no_two_labels_overlap_and_each_is_drawn(tmp_path):
    level = _crowded(tmp_path)
    surf = pygame.Surface((level.width * 16, level.height * 16))
    drawn = draw_objects(surf, level)
    texts = [t for t, _ in drawn]
    assert "FINISH Far Bank" in texts and texts.count("lights") == 4 and "Roadhouse" in texts
    plates = [r for _, r in drawn]
    for i, a in enumerate(plates):
        assert surf.get_rect().contains(a)
        for b in plates[i + 1:]:
            assert not a.colliderect(b), f"{drawn[i][0]!r} overlaps another label"


def test_no_leader_line_runs_across_another_label(tmp_path):
    """The lights crowd the finish: their labels move off and get leader lines, which must not
    cross 'FINISH Far Bank' or any other label (and are drawn under the labels in any case)."""
    level = _crowded(tmp_path)
    surf = pygame.Surface((level.width * 16, level.height * 16))
    names = [("FINISH Far Bank", (27 * 16 + 16, 5 * 16 - 12), (255, 255, 0))]
    names += [("lights", (26 * 16 + 4 * i, 5 * 16 - 6 + 6), (255, 200, 0)) for i in range(4)]
    placed = place_labels(surf, names)
    lines = [leader(plate, anchor) for _, plate, _, anchor in placed]
    assert any(lines), "the crowd moves some label off its place"
    for i, line in enumerate(lines):
        for j, (other, plate, _, _) in enumerate(placed):
            if line is not None and i != j:
                assert not plate.inflate(-2, -2).clipline(*line), f"the leader of {placed[i][0]!r} crosses {other!r}"


def test_the_wolf_ring_has_its_label(tmp_path):
    level = _crowded(tmp_path)
    drawn = dict(draw_objects(pygame.Surface((level.width * 16, level.height * 16)), level))
    assert "wolf appears within 48 px" in drawn and "white wolf" in drawn
    ring_top = 5 * 16 - 48
    assert abs(drawn["wolf appears within 48 px"].bottom - ring_top) <= 16  # at the ring's top, not by the wolf


def test_the_layout_puts_each_label_near_where_it_wants_to_be():
    surf = pygame.Surface((400, 200))
    wanted = [(f"label {i}", (200.0, 100.0), (255, 255, 255)) for i in range(6)]
    placed = place_labels(surf, wanted)
    rects = [r for _, r, _, _ in placed]
    assert all(not a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    assert rects[0].midtop == pytest.approx((200, 99), abs=2)  # the first keeps its own place
    assert all(abs(r.centerx - 200) < 120 and abs(r.centery - 100) < 80 for r in rects)


def test_render_still_draws_the_whole_level_with_a_header(tmp_path):
    pic = level_image(_crowded(tmp_path))
    assert pic.get_width() == 30 * 16 and pic.get_height() > 10 * 16
