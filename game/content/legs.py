"""The campaign: the legs from Nenana to Nome in route order, their acts, and the story
cards told between them. Pure data; the screens and the progress save read it.

Story text is our own retelling of the film's beats; each card carries one fact from the
real 1925 relay for that stretch (see ../shared/reference/ for the sources).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game import resources

LEVELS_DIR = resources.LEVELS


@dataclass(frozen=True, slots=True)
class StoryCard:
    """A card shown before a leg (or at the end): a title, a few lines, one historical fact."""

    id: str
    title: str
    lines: tuple[str, ...]
    fact: str
    backdrop: str  # an image name under assets/ui/ (without .png); missing falls back to the sky
    act: int


@dataclass(frozen=True, slots=True)
class Leg:
    """One leg of the run: its level file (stem), its act (for music) and the card before it."""

    id: str
    place: str  # where it ends, for the route map
    act: int
    card: StoryCard

    @property
    def path(self) -> Path:
        return LEVELS_DIR / f"{self.id}.tmx"


CARDS: tuple[StoryCard, ...] = (
    StoryCard(
        "outbreak", "Nome, January 1925",
        ("The children of Nome are falling sick, and the doctor's last antitoxin is gone.",
         "The sea is frozen shut and no plane can fly in this cold.",
         "The nearest serum waits at the end of the railway, far to the east.",
         "A crate of glass vials, and the whole territory between it and Nome."),
        "300,000 units of antitoxin left Nenana, 674 miles from Nome, about 11 p.m. on 27 January 1925.",
        "card_nome", 1),
    StoryCard(
        "steele_leaves", "The Team Sets Out",
        ("The fastest dogs in town are chosen after a race, and Steele leads them out.",
         "Balto is turned away: half wolf, the mushers say, and not to be trusted.",
         "He watches the lanterns of the team vanish into the dark."),
        "Edgar Kalland ran 31 miles on the ice of the Tanana River, in cold of 40 below and worse.",
        "card_trail", 1),
    StoryCard(
        "stranded", "Lost in the Storm",
        ("Word reaches Nome: the team is overdue, lost somewhere in the white.",
         "Balto will not wait. He slips out of town with Boris the goose,",
         "and Muk and Luk, two polar bears who would follow him anywhere."),
        "On the Yukon the cold fell to 50 and 60 below; on some legs dogs died of it.",
        "card_trail", 1),
    StoryCard(
        "the_bear", "Something in the Trees",
        ("The trail runs past a den. Something huge is stirring.",
         "If it comes, don't stop. Run for the lake, and trust the ice to hold you",
         "better than it holds a grizzly."),
        "George Nollner ran 18 miles from Galena to Bishop Mountain; at roadhouses the serum was warmed.",
        "card_lake", 2),
    StoryCard(
        "bandanna", "Jenna's Bandanna",
        ("Jenna came after them and took a wound in the fight. She cannot go on.",
         "She ties her red bandanna on Balto before Boris and the bears take her home.",
         "Ahead, someone has been moving the trail markers."),
        "In the Nulato Hills 'Jackscrew' ran beside his sled on the long climbs, to lighten it.",
        "card_trail", 2),
    StoryCard(
        "steele", "The Lost Team",
        ("Balto finds the sled at last, its musher hurt and its dogs lost.",
         "Steele will not give up the lead, and he will not forgive the one who takes it.",
         "Out on the sea ice the wind is rising."),
        "Leonhard Seppala and his lead dog Togo crossed Norton Sound: 91 miles, the longest stretch.",
        "card_trail", 2),
    StoryCard(
        "the_wolf", "The Cliff",
        ("The crate slides toward the edge, and Balto goes over after it.",
         "At the bottom, in the snow, a white wolf watches him, and waits.",
         "What he was ashamed of is what will get him home."),
        "Topkok is a 600-foot climb with a bare summit, where the wind can reach 80 miles an hour.",
        "card_cliff", 3),
    StoryCard(
        "the_lights", "Lights on the Edge of Town",
        ("In Nome, Jenna sets out broken bottles and shines a lantern through them.",
         "Coloured light spills across the snow, like the aurora come down to earth.",
         "Somewhere out in the blizzard, a dog might see it."),
        "On Bonanza Flat the wind flipped Kaasen's sled; he dug the serum out of the snow by hand.",
        "card_lights", 3),
    StoryCard(
        "nome", "Front Street, Nome",
        ("Out of the storm comes a team, with a grey wolfdog at its head.",
         "The doors open, the lamps are lit, and the serum is carried inside.",
         "Every vial that survived the trail is a child who will see the spring."),
        "The serum reached Nome at about 5:30 a.m. on 2 February 1925: 20 mushers, some 150 dogs, 127 1/2 hours.",
        "card_nome", 3),
)

_CARD = {c.id: c for c in CARDS}

LEGS: tuple[Leg, ...] = (
    Leg("01_nenana_tolovana", "Tolovana", 1, _CARD["outbreak"]),
    Leg("02_tolovana_manley", "Manley Hot Springs", 1, _CARD["steele_leaves"]),
    Leg("03_yukon_to_ruby", "Ruby", 1, _CARD["stranded"]),
    Leg("04_frozen_lake", "Bishop Mountain", 2, _CARD["the_bear"]),
    Leg("05_kaltag_portage", "Old Woman Shelter", 2, _CARD["bandanna"]),
    Leg("06_norton_sound", "Golovin", 2, _CARD["steele"]),
    Leg("07_topkok", "Solomon", 3, _CARD["the_wolf"]),
    Leg("08_bonanza_to_nome", "Nome", 3, _CARD["the_lights"]),
)
ENDING: StoryCard = _CARD["nome"]
BANDANNA_FROM_LEG = 5  # Balto wears Jenna's bandanna from this leg on (1-based)


def leg_index(leg_id: str) -> int:
    """0-based position of a leg in the route; ValueError if unknown."""
    for i, leg in enumerate(LEGS):
        if leg.id == leg_id:
            return i
    raise ValueError(f"unknown leg {leg_id!r}")
