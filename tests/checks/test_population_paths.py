"""One child, the whole population and a replay give the same alerts on the same demo data.

On a small demo, as of its last day: for every story child and 20 others (those with
matches first), `checks_evaluate(person_ids=[child])` finds exactly the matches that
`checks_evaluate()` for everyone finds for that child, and replaying that child's
last day finds them again (same check, key, evidence, severity and facts).
"""

import pytest

from tests.demo.conftest import demo_checks

# Marked so that pytest-django creates the test database the module fixture loads into.
pytestmark = pytest.mark.django_db

HOUSEHOLDS = 40


def _sample(person_of_key, population):
    stories = sorted(p for key, p in person_of_key.items() if key.startswith("STORY-"))
    with_matches = sorted({m.person_id for m in population} - set(stories))
    others = sorted(set(person_of_key.values()) - set(stories) - set(with_matches))
    return stories + (with_matches + others)[:20]


@pytest.fixture(scope="module")
def found(tmp_path_factory, django_db_setup, django_db_blocker):
    return demo_checks(tmp_path_factory, django_db_blocker, households=HOUSEHOLDS, sample=_sample)


def _facts(matches, person):
    return sorted(
        (
            m.code,
            m.key,
            m.evidence,
            m.raised,
            repr(sorted(m.facts.items())),
        )
        for m in matches
        if m.person_id == person
    )


def test_the_sample_is_the_stories_and_twenty_others(found):
    stories = {p for key, p in found.person_of_key.items() if key.startswith("STORY-")}
    assert stories <= set(found.single)
    assert len(set(found.single) - stories) == 20
    # Something to compare: the population path finds matches for sampled children.
    if found.codes:
        assert any(m.person_id in found.single for m in found.population)


def test_one_child_matches_the_whole_population(found):
    for person, matches in found.single.items():
        assert _facts(matches, person) == _facts(found.population, person), person


def test_replay_of_the_last_day_matches_both(found):
    for person, matches in found.replay.items():
        assert _facts(matches, person) == _facts(found.population, person), person
        assert all(m.day == max(m.day for m in matches) for m in matches)
