"""The demo's hidden man: Lily-Mae Hargreaves's mother's partner, known only to the police."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from fullpicture.demo import stories
from fullpicture.network.presenters import genogram_svg
from fullpicture.network.selectors import person_network
from fullpicture.people.models import Person

AS_OF = date(2025, 6, 1)


@pytest.fixture
def demo(db, tmp_path, monkeypatch):
    # Loading runs the learning checks after each import; run LC09 only, so this test
    # does not depend on checks other people are writing at the same time.
    from fullpicture.checks import engine, selectors, services
    from fullpicture.checks.definitions.lc09_hidden_adult import CHECK

    for module in (engine, selectors, services):
        monkeypatch.setattr(module, "checks", lambda: {"LC09": CHECK})
    call_command(
        "demo", households=10, as_of=AS_OF, out=tmp_path / "extracts", stdout=io.StringIO()
    )


def test_dean_coyle_is_a_hidden_adult_with_police_evidence_and_a_dashed_partner_line(demo):
    child = (
        Person.objects.filter(records__nhs_number=stories.STORY_HIDDEN_MAN.child_nhs_number)
        .distinct()
        .get()
    )
    network = person_network(person=child, user=None, day=AS_OF)
    dean = next(
        r
        for r in network.people
        if (r.person.given_name, r.person.family_name) == stories.HIDDEN_PARTNER_NAME
    )
    assert dean.hidden and dean.in_household
    assert dean.label == "Partner of Sarah Hargreaves (mother)"
    assert any(
        r.startswith("Partner of Sarah Hargreaves (mother) per Thames Valley Police")
        for r in dean.why
    ), dean.why
    assert any(r.startswith("Alleged perpetrator at 1 incident") for r in dean.why)
    assert any(r.startswith("Present at 1 incident") for r in dean.why)
    assert {s.agency_kind for s in dean.sources()} == {"police"}
    assert {i.heading for i in dean.history} >= {"Violence", "Risk to children marker"}
    svg = str(genogram_svg(network))
    assert (
        "Dean Coyle and Sarah Hargreaves: partners, not recorded by children&#x27;s social care"
        in svg
        or (
            "Sarah Hargreaves and Dean Coyle: partners, not recorded by children&#x27;s social care"
            in svg
        )
    )
    line = (
        svg.split("Dean Coyle and Sarah Hargreaves: partners")[-1][:200]
        if "Dean Coyle and Sarah" in svg
        else svg.split("Sarah Hargreaves and Dean Coyle: partners")[-1][:200]
    )
    assert "g-line--dashed" in line
    # Children's social care's record of the mother is not hidden. (Until linkage joins
    # it, the police's own record of her, without an NHS number, is a second person.)
    mothers = [r for r in network.people if r.person.given_name == "Sarah"]
    assert any(not r.hidden and r.csc_recorded for r in mothers)
