"""The campaign as a player meets it: title -> route map -> story card -> leg -> results ->
next card, the crate carried between legs, practice with a full crate, locks, stars and high
scores saved and shown, skippable cards, and the ending at Nome with the campaign's score.

Headless: every screen draws onto a plain 640x360 Surface; saves go to a temporary folder.
The eight legs are swapped for tiny maps (tests/mapmaker.py) so a leg takes a few hundred
ticks; the real legs' cards, map positions and first seconds are covered elsewhere.
"""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

import game.content.legs as campaign_data  # noqa: E402
from game.app.flow import Flow  # noqa: E402
from game.content.legs import ENDING, LEGS  # noqa: E402
from game.input import actions as I  # noqa: E402
from game.render.bandanna import with_bandanna  # noqa: E402
from game.saves.progress import load_progress  # noqa: E402
from game.saves.scores import load_high_scores  # noqa: E402
from game.screens.route_map import INFO_TOP, RouteMapScreen, geometry  # noqa: E402
from game.screens.story import CREDITS, FIRST_LINE, GUARD_TICKS, LINE_TICKS, StoryScreen  # noqa: E402
from game.session.campaign import CAMPAIGN, PRACTICE  # noqa: E402
from game.session.services import Services  # noqa: E402
from game.sim import scoring  # noqa: E402
from game.sim.bots import autopilot  # noqa: E402

pytestmark = pytest.mark.usefixtures("pygame_display")


def draw(flow: Flow) -> pygame.Surface:
    surf = pygame.Surface((640, 360))
    flow.draw(surf, 0.5)
    return surf


def ticks(flow: Flow, n: int) -> None:
    for _ in range(n):
        flow.tick()


def run_to_results(flow: Flow, limit: int = 3000) -> None:
    for _ in range(limit):
        flow.tick()
        if flow.screen.name == "results":
            return
    raise AssertionError(f"no results after {limit} ticks (screen {flow.screen.name})")


def through_card(flow: Flow) -> None:
    """Read a story card as a player would: wait, show all, continue."""
    assert flow.screen.name == "story"
    ticks(flow, GUARD_TICKS)
    flow.handle(I.CONFIRM)  # shows every line and the fact
    assert flow.screen.name == "story" and flow.screen.complete
    draw(flow)
    flow.handle(I.CONFIRM)  # goes on


def new_flow(assets, store) -> Flow:
    return Flow(Services.create(assets, store=store), seed=4, driver=autopilot)


def test_campaign_from_the_title_carries_the_crate_from_leg_to_leg(assets, legs, store):
    flow = new_flow(assets, store)
    draw(flow)
    flow.handle(I.CONFIRM)  # Campaign
    assert isinstance(flow.screen, RouteMapScreen) and flow.screen.mode == CAMPAIGN
    draw(flow)
    flow.handle(I.CONFIRM)  # no campaign yet: a new one, with its first card
    assert flow.screen.name == "story" and flow.screen.card.id == LEGS[0].card.id
    through_card(flow)
    assert flow.screen.name == "countdown"
    world = flow.screen.session.world
    assert world.vials == world.vials_start == 20
    ticks(flow, 150)
    scoring.break_vials(world, 3, "impact", world.team.x, world.team.y)  # a crash on leg 1
    run_to_results(flow)
    res = flow.screen
    assert res.result.finished and res.result.vials == 17
    draw(flow)
    # Saved after the leg: the campaign moved on with 17 vials.
    saved = load_progress(store)
    assert saved.campaign.leg_index == 1 and saved.campaign.vials == 17
    assert saved.record(LEGS[0].id).finished
    flow.handle(I.CONFIRM)  # too soon: keys held from the run never skip the results
    assert flow.screen is res
    ticks(flow, 40)
    assert res.menu.items[0] == "Continue"
    assert res.naming  # the leg's first finish is its best: whose is it?
    flow.handle(I.CONFIRM)  # the name offered is kept
    flow.handle(I.CONFIRM)  # Continue -> the next card
    assert flow.screen.name == "story" and flow.screen.card.id == LEGS[1].card.id
    ticks(flow, GUARD_TICKS)
    flow.handle(I.BACK)  # skip the card
    assert flow.screen.name == "countdown"
    world2 = flow.screen.session.world
    assert world2.vials == world2.vials_start == 17  # what leg 1 delivered
    assert flow.screen.session.context.mode == CAMPAIGN
    # A restart in the campaign starts the leg again with the crate it began with.
    flow.screen.session.restart()
    assert flow.screen.session.world.vials == 17


def test_practice_starts_full_and_locked_legs_cannot_start(assets, legs, store):
    flow = new_flow(assets, store)
    p = flow.services.campaign.progress
    p.start_campaign(20)
    p.campaign.vials = 6  # a campaign under way with a battered crate
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # Practice a leg
    assert isinstance(flow.screen, RouteMapScreen) and flow.screen.mode == PRACTICE
    assert flow.screen.index == 0
    flow.handle(I.LEFT)  # leg 2: locked
    assert flow.screen.index == 1 and flow.screen._state(1) == "locked"
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "route_map" and flow.screen.toast.visible
    assert "Locked" in flow.screen.toast.text
    draw(flow)
    flow.handle(I.RIGHT)
    flow.handle(I.CONFIRM)  # leg 1 in practice
    assert flow.screen.name == "countdown"
    session = flow.screen.session
    assert session.world.vials == 20 and session.context.mode == PRACTICE
    run_to_results(flow)
    assert flow.screen.menu.items == ["Retry", "Route map", "Title"]
    assert load_progress(store).campaign.vials == 6  # practice never touches the campaign
    # Finishing leg 1 opened leg 2.
    flow.open_map(PRACTICE, select=1)
    assert flow.screen._state(1) == "open"
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "countdown" and flow.screen.session.context.index == 1
    # In campaign mode only the campaign's next leg starts.
    flow.open_map(CAMPAIGN, select=1)
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "route_map" and "campaign goes on" in flow.screen.toast.text


def test_results_save_stars_and_high_scores_and_show_a_new_best(assets, legs, store):
    flow = new_flow(assets, store)
    flow.start_leg(0, PRACTICE)
    run_to_results(flow)
    first = flow.screen
    assert first.outcome.placement.rank == 1 and first.outcome.placement.new_best
    draw(flow)
    stars = first.result.stars
    assert stars >= 1
    scores = load_high_scores(store)
    assert scores.best(LEGS[0].id).score == first.result.score
    assert load_progress(store).record(LEGS[0].id).best_stars == stars
    # The same run again (same seed): it ties, goes below the first, and is not a new best.
    ticks(flow, 40)
    flow.handle(I.CONFIRM)  # the new best's name
    flow.handle(I.CONFIRM)  # Retry
    assert flow.screen.name == "countdown"
    run_to_results(flow)
    second = flow.screen
    assert not second.naming  # not a new best: no name asked
    assert second.outcome.placement.rank == 2 and not second.outcome.placement.new_best
    draw(flow)
    # An assisted run is marked in the table.
    flow.services.settings = flow.services.settings.replace(infinite_stamina=True)
    flow.start_leg(0, PRACTICE)
    run_to_results(flow)
    assert flow.screen.outcome.assisted
    table = load_high_scores(store).table(LEGS[0].id)
    assert len(table) == 3 and any(e.assisted for e in table)
    # The route map shows the stars and the best score.
    flow.open_map(PRACTICE, select=0)
    assert flow.screen._state(0) == "done"
    from game.screens.route_map import leg_stars

    assert leg_stars(flow.services.campaign, 0) == stars
    draw(flow)


def test_story_cards_reveal_line_by_line_and_are_skippable(assets, legs, store):
    flow = new_flow(assets, store)
    went = []
    card = LEGS[0].card
    flow.replace(StoryScreen(flow, flow.services, card, lambda: went.append(True), leg_index=0))
    assert flow.screen.lines_shown() == 0
    ticks(flow, FIRST_LINE)
    assert flow.screen.lines_shown() == 1
    ticks(flow, LINE_TICKS)
    assert flow.screen.lines_shown() == 2 and not flow.screen.complete
    draw(flow)
    flow.handle(I.RIGHT)  # any key shows the whole card
    assert flow.screen.lines_shown() == len(card.lines) and flow.screen.complete and not went
    flow.handle(I.CONFIRM)
    assert went == [True]
    # Esc skips at once, even before any line is up (after the short guard).
    went.clear()
    flow.replace(StoryScreen(flow, flow.services, card, lambda: went.append(True), leg_index=0))
    flow.handle(I.BACK)
    assert not went  # the key that opened the card does not also skip it
    ticks(flow, GUARD_TICKS)
    flow.handle(I.BACK)
    assert went == [True]
    # Left alone, the card finishes by itself and waits.
    went.clear()
    flow.replace(StoryScreen(flow, flow.services, card, lambda: went.append(True), leg_index=0))
    ticks(flow, FIRST_LINE + LINE_TICKS * len(card.lines) + 1)
    assert flow.screen.complete and not went


def test_a_lost_campaign_leg_offers_the_leg_again_with_its_crate_or_a_new_campaign(assets, legs, store):
    flow = new_flow(assets, store)
    p = flow.services.campaign.progress
    p.start_campaign(20)
    p.campaign.leg_index, p.campaign.vials = 2, 5
    flow.continue_campaign()
    assert flow.screen.card.id == LEGS[2].card.id
    through_card(flow)
    w = flow.screen.session.world
    assert w.vials == 5
    ticks(flow, 150)
    scoring.break_vials(w, 5, "impact", w.team.x, w.team.y)
    run_to_results(flow)
    res = flow.screen
    assert res.result.outcome == "lost" and res.outcome.campaign_lost
    assert res.menu.items == ["Retry with 5 vials", "New campaign", "Route map", "Title"]
    draw(flow)
    saved = load_progress(store)
    assert saved.campaign.active and saved.campaign.leg_index == 2 and saved.campaign.vials == 5
    ticks(flow, 40)
    flow.handle(I.CONFIRM)  # Retry with 5 vials
    assert flow.screen.name == "countdown" and flow.screen.session.world.vials == 5
    # Lose again, then choose a new campaign: it asks first.
    ticks(flow, 150)
    w = flow.screen.session.world
    scoring.break_vials(w, 5, "impact", w.team.x, w.team.y)
    run_to_results(flow)
    ticks(flow, 40)
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # New campaign
    assert flow.screen.name == "confirm"
    draw(flow)
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # Yes
    assert flow.screen.name == "story" and flow.screen.card.id == LEGS[0].card.id
    saved = load_progress(store)
    assert saved.campaign.leg_index == 0 and saved.campaign.vials == 20


def test_new_campaign_from_the_map_asks_when_one_is_under_way(assets, legs, store):
    flow = new_flow(assets, store)
    p = flow.services.campaign.progress
    p.start_campaign(20)
    p.campaign.leg_index, p.campaign.vials = 3, 12
    flow.open_map(CAMPAIGN)
    assert flow.screen.index == 3
    draw(flow)
    for _ in range(3):
        flow.handle(I.RIGHT)  # back east to leg 1
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "confirm"
    flow.handle(I.CONFIRM)  # "No, keep going" is the first answer
    assert flow.screen.name == "route_map" and p.campaign.vials == 12
    flow.handle(I.LEFT)
    flow.handle(I.LEFT)
    flow.handle(I.LEFT)
    flow.handle(I.CONFIRM)  # the campaign's own leg: continue
    assert flow.screen.name == "story" and flow.screen.card.id == LEGS[3].card.id


def test_reaching_nome_shows_the_ending_with_the_campaign_score(assets, legs, store):
    flow = new_flow(assets, store)
    p = flow.services.campaign.progress
    p.start_campaign(20)
    p.campaign.leg_index, p.campaign.vials = len(LEGS) - 1, 9
    flow.continue_campaign()
    through_card(flow)
    assert flow.screen.session.world.vials == 9
    run_to_results(flow)
    assert flow.screen.result.vials == 9
    ticks(flow, 40)
    assert flow.screen.outcome.campaign_best and flow.screen.naming
    flow.handle(I.CONFIRM)  # the name of the campaign's best
    assert load_progress(store).best_campaign_name == "Balto"
    flow.handle(I.CONFIRM)  # Continue -> the ending
    end = flow.screen
    assert end.name == "story" and end.card.id == ENDING.id
    assert end.ending.vials == 9 and end.ending.start == 20
    assert end.ending.score_line() == "Campaign score: 9 vials   NEW BEST by Balto"
    ticks(flow, 600)
    draw(flow)
    saved = load_progress(store)
    assert saved.campaign.finished and saved.campaign.score == 9 and saved.best_campaign == 9
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "credits"
    draw(flow)
    ticks(flow, GUARD_TICKS)
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "title"


def test_the_ending_names_who_holds_the_campaign_best(assets, legs, store):
    flow = new_flow(assets, store)
    p = flow.services.campaign.progress
    p.best_campaign, p.best_campaign_name = 15, "KAY"
    p.start_campaign(20)
    p.campaign.leg_index, p.campaign.vials = len(LEGS) - 1, 9
    flow.continue_campaign()
    through_card(flow)
    run_to_results(flow)
    ticks(flow, 40)
    assert not flow.screen.outcome.campaign_best
    if flow.screen.naming:  # the leg's own table has a new best: name it
        flow.handle(I.CONFIRM)
    flow.handle(I.CONFIRM)  # Continue -> the ending
    end = flow.screen
    assert end.card.id == ENDING.id
    assert end.ending.score_line() == "Campaign score: 9 vials   best ever 15 by KAY"
    draw(flow)


def test_balto_wears_the_bandanna_from_its_leg_on_in_both_modes(assets, legs, store):
    flow = new_flow(assets, store)
    for i in (campaign_data.BANDANNA_FROM_LEG - 2, campaign_data.BANDANNA_FROM_LEG - 1):
        flow.start_leg(i, PRACTICE)
        wears = flow.run_view.view.sprites.alias.get("balto") == "balto_bandanna"
        assert wears == (i + 1 >= campaign_data.BANDANNA_FROM_LEG)
    sheet = with_bandanna(assets.sprites)
    assert sheet.first("balto_hurt", "balto") in ("balto_bandanna_hurt", "balto_bandanna")
    assert sheet.anim("balto") is assets.sprites.anim("balto_bandanna")


def test_title_menu_settings_and_credits(assets, legs, store, monkeypatch):
    flow = new_flow(assets, store)
    items = flow.screen.menu.items
    assert items == ["Campaign", "Practice a leg", "Settings", "Credits", "Quit"]
    flow.handle(I.DOWN)
    flow.handle(I.DOWN)
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # Credits
    assert flow.screen.name == "credits"
    words = " ".join(line for _, lines in CREDITS for line in lines)
    for tool in ("pygame-ce", "pytmx", "numpy", "1995", "1925", "scripts"):
        assert tool in words
    ticks(flow, GUARD_TICKS)
    flow.handle(I.BACK)
    assert flow.screen.name == "title"
    flow.screen.menu.index = 2  # Settings, over the title; Back returns to it
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "settings" and flow.stack[0].name == "title"
    flow.handle(I.BACK)
    assert flow.screen.name == "title" and len(flow.stack) == 1
    draw(flow)


def test_route_map_nodes_and_labels_fit_without_overlap(assets, store):
    geo = geometry()
    assert len(geo.nodes) == len(LEGS)
    xs = [x for x, _ in geo.nodes]
    assert xs == sorted(xs, reverse=True)  # the trail runs west, leg after leg
    for x, y in geo.nodes:
        assert 0 < x < 640 and 30 < y < INFO_TOP
    flow = new_flow(assets, store)
    flow.open_map(PRACTICE)
    plates = flow.screen._plates()
    for i, a in enumerate(plates):
        assert a.left >= 0 and a.right <= 640 and a.bottom < INFO_TOP
        for b in plates[i + 1:]:
            assert not a.colliderect(b)
