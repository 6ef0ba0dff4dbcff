"""The whole demo population, built in memory: ordinary households plus the stories.

`population_build` is pure (no database): the `demo` command writes its
extracts and imports them; tests count it without importing anything.
"""

from __future__ import annotations

from datetime import date

from fullpicture.demo.builder import Population
from fullpicture.demo.households import household_ordinary
from fullpicture.demo.stories import STORIES, stories_add

DEFAULT_HOUSEHOLDS = 220
DEFAULT_SEED = 20250101


def population_build(
    *, households: int = DEFAULT_HOUSEHOLDS, seed: int = DEFAULT_SEED, as_of: date
) -> Population:
    """Every agency's extract rows for `households` households (the stories count among them)."""
    pop = Population(seed=seed, as_of=as_of)
    # The stories come first so that they keep their places whatever the size.
    stories_add(pop)
    for index in range(max(households - len(STORIES), 0)):
        household_ordinary(pop, index)
    pop.finish()
    return pop


def population_counts(pop: Population) -> dict[str, int]:
    """How many households, children (under 18 on the as-of day), adults and events."""
    children = {c.key for h in pop.households for c in h.children if c.age_on(pop.as_of) < 18}
    people = {h.key for h in pop.humans.values()}
    return {
        "households": len(pop.households),
        "children": len(children),
        "people": len(people),
        "events": sum(len(e.events) for e in pop.extracts.values()),
    }
