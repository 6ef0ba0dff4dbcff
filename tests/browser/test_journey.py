"""A social worker finds a child, reads the whole picture, and records a visit.

Given the demo population, when a children's social care practitioner logs in,
searches for Lily-Mae Hargreaves, opens her whole-picture page and records a
home visit, then the visit shows in the chronology and on the timeline.
"""

import re
from datetime import date, timedelta

import pytest

from fullpicture.chronology.event_types import event_types_load
from fullpicture.chronology.models import Event, EventType
from fullpicture.demo.services import demo_load
from fullpicture.demo.stories import STORY_HIDDEN_MAN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "journey-password"
TIMELINE_COUNT = re.compile(r"Timeline of ([\d,]+) events?")


@pytest.fixture
def demo(tmp_path):
    # A transactional test's database was flushed by the one before: put the data back.
    event_types_load(EventType)
    return demo_load(as_of=date.today(), households=12, seed=7, out=tmp_path, password=PASSWORD)


def _timeline_count(page) -> int:
    title = page.locator("svg.fp-timeline title#fp-timeline-title").text_content()
    return int(TIMELINE_COUNT.search(title).group(1).replace(",", ""))


def test_find_a_child_read_the_picture_and_record_a_visit(page, demo):
    child = STORY_HIDDEN_MAN

    # Given a children's social care practitioner, when they log in
    page.goto("/")
    assert "/login/" in page.url  # nothing without login
    page.get_by_label("Username").fill("occ-csc-practitioner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()

    # and search for the child by name
    page.get_by_label(re.compile("Name, NHS number or UPN")).fill(child.child_family_name)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile(child.child_name)).first.click()

    # then the whole-picture page shows her, her NHS number and each agency's lane
    heading = page.get_by_role("heading", level=1)
    assert child.child_name in heading.text_content()
    assert "999 000 5028" in page.content()
    timeline = page.locator("svg.fp-timeline")
    assert "Thames Valley Police" in timeline.inner_html()
    before = _timeline_count(page)

    # When she records a home visit where the child was seen alone
    page.get_by_role("button", name="Record an event").click()
    page.get_by_label("Event type").select_option("csc.home_visit")
    visit_day = date.today() - timedelta(days=1)
    page.locator("input[name=occurred_on_day]").fill(str(visit_day.day))
    page.locator("input[name=occurred_on_month]").fill(str(visit_day.month))
    page.locator("input[name=occurred_on_year]").fill(str(visit_day.year))
    page.get_by_label("Summary").fill(
        "Home visit after the journey test; Lily-Mae seen in her room"
    )
    page.get_by_label("Seen alone", exact=True).check()
    page.get_by_label(re.compile("child's voice", re.I)).fill("Said she likes her new school")
    page.get_by_role("button", name="Save event").click()

    # Then she is back on the page, the visit is in the chronology and on the timeline
    assert "Event recorded" in page.locator(".govuk-notification-banner").text_content()
    table = page.locator("table").filter(has_text="Home visit after the journey test")
    assert table.count() == 1
    assert _timeline_count(page) == before + 1
    event = Event.objects.get(summary__startswith="Home visit after the journey test")
    assert (event.agency.code, event.child_seen, event.occurred_on) == (
        "OCC-CSC",
        "seen_alone",
        visit_day,
    )
