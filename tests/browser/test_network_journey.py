"""A social worker sees who is around a child, and the page passes an accessibility check.

Given the demo population, when a children's social care practitioner opens Lily-Mae
Hargreaves's whole picture and follows the link to the people around her, then Dean
Coyle, her mother's partner known only to the police, is in the hidden adults panel
and in the genogram, and axe (axe-core bundled by axe-playwright-python, never fetched
at run time) finds no violations on the page or its print version.
"""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from fullpicture.chronology.event_types import event_types_load
from fullpicture.chronology.models import EventType
from fullpicture.demo.services import demo_load
from fullpicture.demo.stories import HIDDEN_PARTNER_NAME, STORY_HIDDEN_MAN
from fullpicture.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "journey-password"


@pytest.fixture
def demo(tmp_path, monkeypatch):
    from fullpicture.checks import engine, selectors, services
    from fullpicture.checks.definitions.lc09_hidden_adult import CHECK

    # Only LC09 runs after each import: this journey is about the hidden adult.
    for module in (engine, selectors, services):
        monkeypatch.setattr(module, "checks", lambda: {"LC09": CHECK})
    event_types_load(EventType)
    return demo_load(as_of=date.today(), households=10, seed=7, out=tmp_path, password=PASSWORD)


def _no_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_people_around_the_child_show_the_hidden_man_and_pass_axe(page, demo):
    child = (
        Person.objects.filter(records__nhs_number=STORY_HIDDEN_MAN.child_nhs_number)
        .distinct()
        .get()
    )
    dean = " ".join(HIDDEN_PARTNER_NAME)

    # Given a children's social care practitioner, logged in
    page.goto("/login/")
    page.get_by_label("Username").fill("occ-csc-practitioner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()

    # When she opens the child's whole picture and follows the link to the people around her
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name=re.compile("The people around Lily-Mae")).click()

    # Then Dean Coyle is in the hidden adults panel with the police evidence
    assert page.get_by_role("heading", level=1).text_content().strip() == child.full_name
    panel = page.locator(".fp-hidden-adult", has_text=dean)
    assert panel.count() == 1
    assert "Thames Valley Police" in panel.inner_text()
    # and in the genogram, which describes itself to assistive technology
    genogram = page.locator("svg.fp-genogram")
    assert dean in genogram.locator("desc").text_content()
    assert genogram.locator("path.g-line--dashed").count() >= 1
    # and the page has no accessibility violations
    _no_violations(page)

    # When she opens the print version, then it shows the genogram and the list, accessibly
    page.get_by_role("button", name="Print the people around the child").click()
    assert page.locator("svg.fp-genogram").count() == 1
    assert dean in page.content()
    _no_violations(page)
