"""A data-quality reviewer links two agencies' records of one child, and undoes it.

Given a child known to children's social care and, a little differently, to the
police (a day out on the date of birth, an old address), when the reviewer
opens the review queue, compares the two records and links them, then the
practitioner's whole-picture page shows the police event and both records;
when the reviewer undoes the link, the police event leaves the child's page.
"""

import re
from datetime import date

import pytest

from fullpicture.chronology.event_types import event_types_load
from fullpicture.chronology.models import EventType
from fullpicture.core.audit import Auditor
from fullpicture.core.models import Role
from fullpicture.linkage import services
from tests.factories import (
    ChildrensSocialCareFactory,
    EventFactory,
    PersonRecordFactory,
    PoliceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def known_twice():
    event_types_load(EventType)
    csc, police = ChildrensSocialCareFactory(), PoliceFactory()
    child = PersonRecordFactory(
        agency=csc,
        local_id="CSC-77",
        given_name="Jayden",
        family_name="Okafor",
        birth_date=date(2015, 3, 2),
        sex="M",
        nhs_number="",
        postcode="OX4 1AB",
        address="12 Cowley Road, Oxford",
    )
    police_record = PersonRecordFactory(
        agency=police,
        local_id="TVP-77",
        given_name="Jayden",
        family_name="Okafor",
        birth_date=date(2015, 4, 2),
        sex="M",
        nhs_number="",
        postcode="OX3 9DU",
        address="4 Mill Lane, Oxford",
    )
    EventFactory(agency=csc, subject=child, source_ref="C1", event_type_id="csc.home_visit")
    EventFactory(
        agency=police,
        subject=police_record,
        source_ref="P1",
        event_type_id="police.domestic_abuse_incident",
        summary="Domestic abuse call-out, Jayden present",
    )
    services.link_new_records([police_record.pk], auditor=Auditor(process="journey"))
    UserFactory(username="dq", agency=csc, role=Role.DATA_QUALITY, password=PASSWORD)
    UserFactory(username="sw", agency=csc, role=Role.PRACTITIONER, password=PASSWORD)
    return child


def _login(page, username):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()


def _has_h1_and_labels(page):
    # A light accessibility check: one h1, every form field labelled, images described.
    assert page.locator("h1").count() == 1
    for field in page.locator("input:not([type=hidden]), textarea, select").all():
        field_id = field.get_attribute("id")
        assert field_id and page.locator(f"label[for='{field_id}']").count() == 1
    assert page.locator("img:not([alt])").count() == 0


def test_review_link_see_the_merged_chronology_and_undo(browser, live_server, known_twice):
    reviewer = browser.new_context(base_url=live_server.url)
    worker = browser.new_context(base_url=live_server.url)
    dq, sw = reviewer.new_page(), worker.new_page()
    for p in (dq, sw):
        p.set_default_timeout(15_000)
    child_page = f"/people/{known_twice.person_id}/"

    # Given a practitioner looking at the child: the police event is not there yet.
    _login(sw, "sw")
    sw.goto(child_page)
    assert "Domestic abuse call-out" not in sw.content()

    # When the reviewer opens the queue and compares the two records
    _login(dq, "dq")
    dq.goto("/linkage/review/")
    _has_h1_and_labels(dq)
    dq.get_by_role("link", name=re.compile("Compare")).first.click()
    assert "Are these the same person?" in dq.locator("h1").text_content()
    compare = dq.locator("table").filter(has_text="The two records side by side")
    assert "Thames Valley Police" in compare.text_content()
    assert "4 Mill Lane, Oxford" in compare.text_content()
    _has_h1_and_labels(dq)

    # and links them, saying why
    dq.get_by_label("Yes: link them into one person").check()
    dq.get_by_label("Why?").fill("Same child: school confirms the move from Cowley Road")
    dq.get_by_role("button", name="Save decision").click()
    assert "Linked after review" in dq.locator("h1").text_content()

    # Then the practitioner sees the merged chronology, and both records with their link
    sw.reload()
    assert "Domestic abuse call-out" in sw.content()
    records = sw.locator("table").filter(has_text="TVP-77")
    assert "CSC-77" in records.text_content()
    assert "Linked after review" in records.text_content()

    # When the reviewer undoes the link
    dq.get_by_label("Why are you undoing this link?").fill("Checked again: a different boy")
    dq.get_by_role("button", name="Undo link").click()
    assert "Unlinked" in dq.locator("h1").text_content()

    # Then the police event goes back to the police record's own person
    sw.reload()
    assert "Domestic abuse call-out" not in sw.content()
    assert sw.locator("table").filter(has_text="TVP-77").count() == 0
    reviewer.close()
    worker.close()
