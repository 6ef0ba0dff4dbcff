"""The demo command: a deterministic synthetic county, imported like real extracts."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fullpicture.chronology.models import Event
from fullpicture.core.models import Agency, AgencyKind, Role, User
from fullpicture.demo.builder import DEMO_AGENCIES
from fullpicture.demo.population import population_build, population_counts
from fullpicture.demo.services import DEFAULT_PASSWORD, demo_extracts_write
from fullpicture.ingest.extract import extract_read
from fullpicture.ingest.models import ImportBatch
from fullpicture.people.models import Person
from tests.demo.conftest import AS_OF, SMALL

EVENT_TYPES_FIXTURE = (
    Path(__file__).resolve().parents[2] / "fullpicture/chronology/fixtures/event_types.json"
)


def _event_types() -> frozenset[str]:
    rows = json.loads(EVENT_TYPES_FIXTURE.read_text(encoding="utf-8"))
    return frozenset(row["pk"] for row in rows)


def _folder_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.csv"))}


def test_demo_creates_agencies_of_seven_kinds_households_and_children(small_demo):
    kinds = set(Agency.objects.filter(events__isnull=False).values_list("kind", flat=True))
    assert len(kinds) >= 7
    assert {AgencyKind.POLICE, AgencyKind.HEALTH, AgencyKind.EDUCATION} <= kinds
    assert {AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.ADULT_SOCIAL_CARE} <= kinds
    children = Person.objects.filter(birth_date__gt=AS_OF.replace(year=AS_OF.year - 18))
    assert children.count() >= 50
    assert Event.objects.count() > 500
    assert not Event.objects.filter(occurred_on__gt=AS_OF).exists()
    assert not Event.objects.filter(recorded_on__gt=AS_OF).exists()
    assert Event.objects.filter(sensitivity="restricted").exists()


def test_demo_has_a_practitioner_and_a_manager_per_agency_and_an_admin(small_demo):
    for agency in DEMO_AGENCIES:
        for role in (Role.PRACTITIONER, Role.MANAGER):
            user = User.objects.get(username=f"{agency.code.lower()}-{role}")
            assert user.role == role
            assert user.agency.code == agency.code
            assert user.check_password(DEFAULT_PASSWORD)
    partnership = User.objects.get(username="partnership")
    assert partnership.role == Role.PARTNERSHIP
    # Not children's social care: that kind would see every agency's restricted events.
    assert partnership.agency.kind != AgencyKind.CHILDRENS_SOCIAL_CARE
    admin = User.objects.get(username="admin")
    assert (admin.role, admin.agency, admin.is_staff, admin.is_superuser) == (
        Role.ADMIN,
        None,
        True,
        True,
    )
    assert tvp_user_sees_only_tvp_people()


def tvp_user_sees_only_tvp_people() -> bool:
    user = User.objects.get(username="tvp-practitioner")
    visible = Person.objects.visible_to(user)
    return 0 < visible.count() < Person.objects.count()


def test_demo_password_comes_from_the_environment(db, tmp_path, monkeypatch):
    monkeypatch.setenv("FULLPICTURE_DEMO_PASSWORD", "another-secret-pass")
    call_command("demo", households=SMALL, as_of=AS_OF, out=tmp_path, stdout=io.StringIO())
    assert User.objects.get(username="admin").check_password("another-secret-pass")


def test_demo_run_again_does_nothing(small_demo):
    counts = (Event.objects.count(), Person.objects.count(), ImportBatch.objects.count())
    out = io.StringIO()
    call_command("demo", households=SMALL, as_of=AS_OF, stdout=out)
    assert "Demo already loaded" in out.getvalue()
    assert (Event.objects.count(), Person.objects.count(), ImportBatch.objects.count()) == counts


def test_demo_prints_a_summary_with_users_and_password(db, tmp_path):
    out = io.StringIO()
    call_command("demo", households=SMALL, as_of=AS_OF, out=tmp_path, stdout=out)
    text = out.getvalue()
    assert f"{SMALL} households" in text
    assert "Thames Valley Police (TVP)" in text
    assert "tvp-practitioner" in text and "admin" in text
    assert DEFAULT_PASSWORD in text


def test_demo_refuses_an_as_of_in_the_future(db, tmp_path):
    with pytest.raises(CommandError, match="future"):
        call_command("demo", as_of=AS_OF.replace(year=2999), out=tmp_path, stdout=io.StringIO())


def test_same_seed_and_as_of_give_byte_identical_extracts(tmp_path):
    for name in ("one", "two"):
        pop = population_build(households=SMALL, seed=7, as_of=AS_OF)
        demo_extracts_write(pop, tmp_path / name)
    one, two = _folder_bytes(tmp_path / "one"), _folder_bytes(tmp_path / "two")
    assert len(one) == 3 * len(DEMO_AGENCIES)
    assert one == two
    demo_extracts_write(population_build(households=SMALL, seed=8, as_of=AS_OF), tmp_path / "3")
    assert _folder_bytes(tmp_path / "3") != one


def test_every_generated_extract_is_valid(small_demo):
    event_types = _event_types()
    for agency in DEMO_AGENCIES:
        extract = extract_read(small_demo / agency.code, today=AS_OF, event_types=event_types)
        assert [str(p) for p in extract.problems] == [], agency.code
        assert extract.people


def test_default_size_has_200_households_and_400_children():
    # Counted in memory: importing the full size is what `make run` does, not the tests.
    pop = population_build(as_of=AS_OF)
    counts = population_counts(pop)
    assert counts["households"] >= 200
    assert counts["children"] >= 400
    kinds = {e.agency.kind for e in pop.extracts.values() if e.events}
    assert len(kinds) >= 7
