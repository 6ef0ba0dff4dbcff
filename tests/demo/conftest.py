import io
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction

# A fixed day in the past: the demo is a function of its seed and this day.
AS_OF = date(2025, 6, 1)
SMALL = 30


@pytest.fixture
def small_demo(db, tmp_path):
    """A small demo (the nine stories and 21 ordinary households), loaded as `make run` does."""
    out = tmp_path / "extracts"
    call_command("demo", households=SMALL, as_of=AS_OF, out=out, stdout=io.StringIO())
    return out


@dataclass
class DemoChecks:
    """What the learning checks found on a demo loaded once, kept as plain data."""

    person_of_key: dict[str, str]  # human key of the demo (e.g. STORY-A-C1, HH0003-C2) -> 32 hex
    children: set[str]  # persons under 18 on AS_OF
    population: list  # engine.Match of checks_evaluate(day=AS_OF) for everyone
    alerts: dict[str, set[str]]  # person -> codes of the active alerts after it
    single: dict[str, list]  # person -> matches of checks_evaluate(person_ids=[person])
    replay: dict[str, list]  # person -> matches of checks_replay(person, AS_OF, AS_OF)
    codes: set[str]  # the checks in the registry when the test ran
    story_fired: dict[str, set[str]]  # story person -> checks holding on any day looked at


# The days on which the story children are evaluated: every 14 days over the last 392.
STORY_DAYS = [AS_OF - timedelta(days=14 * n) for n in range(29)]


def demo_checks(tmp_path_factory, django_db_blocker, *, households: int, sample) -> DemoChecks:
    """Load the demo, evaluate the checks on AS_OF three ways, keep the results, roll it all back.

    `sample(person_of_key, population_matches)` chooses the children evaluated one by one.
    """
    from fullpicture.checks import engine, services
    from fullpicture.checks.models import Alert
    from fullpicture.checks.registry import checks
    from fullpicture.checks.selectors import settings_in_force
    from fullpicture.checks.snapshot import snapshot_load
    from fullpicture.core.audit import Auditor
    from fullpicture.demo.population import population_build
    from fullpicture.demo.services import demo_load
    from fullpicture.people.models import PersonRecord

    out = tmp_path_factory.mktemp("demo-checks")
    captured: list = []
    real_run_checks = engine.run_checks
    real_matches_by_check = engine.matches_by_check

    def spy(*args, **kwargs):
        batches = list(real_matches_by_check(*args, **kwargs))
        captured.append(sorted((m for batch in batches for m in batch), key=engine._order))
        yield from batches

    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(as_of=AS_OF, households=households, seed=20250101, out=out, labelled=0)
        pop = population_build(households=households, seed=20250101, as_of=AS_OF, labelled=0)
        numbers = {h.nhs_number: h.key for h in pop.humans.values()}
        person_of_key = {}
        for nhs, person in PersonRecord.objects.exclude(nhs_number="").values_list(
            "nhs_number", "person_id"
        ):
            if nhs in numbers:
                person_of_key[numbers[nhs]] = person.hex
        children = {
            person_of_key[h.key]
            for h in pop.humans.values()
            if h.age_on(AS_OF) < 18 and h.key in person_of_key
        }
        auditor = Auditor(process="test")
        services.engine.matches_by_check = spy
        try:
            services.checks_evaluate(day=AS_OF, auditor=auditor)
            population = captured.pop()
            alerts: dict[str, set[str]] = {}
            for person, code in Alert.objects.filter(active=True).values_list("person_id", "code"):
                alerts.setdefault(person.hex, set()).add(code)
            single, replay = {}, {}
            for person in sample(person_of_key, population):
                services.checks_evaluate(day=AS_OF, person_ids=[person], auditor=auditor)
                single[person] = captured.pop()
                replay[person] = services.checks_replay(
                    person_id=uuid.UUID(person), first=AS_OF, last=AS_OF
                )
                captured.pop()
        finally:
            services.engine.matches_by_check = real_matches_by_check
        # A story's alert may have held earlier in the story and not on its last day (a
        # window passed): the stories are evaluated on every 14th day of the last year too.
        stories = [p for key, p in person_of_key.items() if key.startswith("STORY-")]
        story_fired: dict[str, set[str]] = {}
        parameters = {code: s.parameters for code, s in settings_in_force().items()}
        snapshot = snapshot_load(None)
        try:
            for day in STORY_DAYS:
                engine.eval_children_on(snapshot, day, stories)
                for match in real_run_checks(snapshot, parameters):
                    story_fired.setdefault(match.person_id, set()).add(match.code)
        finally:
            snapshot.close()
        transaction.set_rollback(True)
    return DemoChecks(
        person_of_key, children, population, alerts, single, replay, set(checks()), story_fired
    )
