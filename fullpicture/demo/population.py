"""The whole demo population, built in memory: ordinary households plus the stories.

`population_build` is pure (no database): the `demo` command writes its
extracts and imports them; tests count it without importing anything.
"""

from __future__ import annotations

from datetime import date

from fullpicture.demo.builder import Population
from fullpicture.demo.households import household_ordinary
from fullpicture.demo.labelled import CHECK_CODES, LabelledPlan, labelled_add, plan_for_children
from fullpicture.demo.stories import STORIES, stories_add

DEFAULT_HOUSEHOLDS = 220
DEFAULT_SEED = 20250101
# From this many households the demo holds one labelled and one near-miss household per check.
LABELLED_FROM = 100


def default_labelled(households: int) -> int:
    """Labelled households per check in a demo of this size: 1 from LABELLED_FROM up, else 0."""
    return 1 if households >= LABELLED_FROM else 0


def population_build(
    *,
    households: int = DEFAULT_HOUSEHOLDS,
    seed: int = DEFAULT_SEED,
    as_of: date,
    labelled: int | None = None,
) -> Population:
    """Every agency's extract rows for `households` households (the stories count among them).

    `labelled`: labelled households per check (and as many near misses), counted
    among `households`; None takes `default_labelled(households)`. Their truth
    is `pop.labels`.
    """
    pop = Population(seed=seed, as_of=as_of)
    # The stories come first so that they keep their places whatever the size.
    stories_add(pop)
    per_check = default_labelled(households) if labelled is None else labelled
    if per_check:
        plan = LabelledPlan(per_check=per_check, near_per_check=per_check)
        pop.labels = labelled_add(pop, plan, seed=seed)
    taken = len(STORIES) + 2 * per_check * len(CHECK_CODES)
    for index in range(max(households - taken, 0)):
        household_ordinary(pop, index)
    pop.finish()
    return pop


def labelled_population_build(
    *, children: int, seed: int = DEFAULT_SEED, as_of: date, plan: LabelledPlan | None = None
) -> Population:
    """About `children` children for measuring the checks: labelled, near-miss and quiet households.

    No story and no ordinary demo household: every child's truth is known (`pop.labels`).
    """
    pop = Population(seed=seed, as_of=as_of)
    pop.labels = labelled_add(pop, plan or plan_for_children(children), seed=seed)
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
