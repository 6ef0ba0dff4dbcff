"""Formatting and the timeline drawing, without the database where possible."""

import time
import uuid
from datetime import date, timedelta

import time_machine

from fullpicture.chronology.presenters import timeline_svg
from fullpicture.core.models import Agency, AgencyKind
from fullpicture.core.templatetags.fp import birth_date_text, date_text, nhs_number_text


def test_dates_read_as_practitioners_write_them():
    assert date_text(date(2025, 3, 3)) == "3 March 2025"
    assert nhs_number_text("9990001234") == "999 000 1234"


@time_machine.travel(date(2024, 3, 1))
def test_age_is_shown_next_to_the_date_of_birth():
    assert birth_date_text(date(2015, 3, 2)) == "2 March 2015 (age 8)"
    assert birth_date_text(date(2015, 3, 1)) == "1 March 2015 (age 9)"
    assert birth_date_text(None) == "Not known"
    assert birth_date_text(date(2015, 3, 2), deceased_on=date(2016, 3, 2)) == (
        "2 March 2015 (died aged 1)"
    )


def _agencies(n):
    kinds = list(AgencyKind)
    return [
        Agency(id=uuid.uuid4(), code=f"A{i}", name=f"Agency <{i}> & Co", kind=kinds[i % len(kinds)])
        for i in range(n)
    ]


def test_the_timeline_escapes_names_and_summarises_itself():
    agencies = _agencies(2)
    points = [
        (date(2022, 3, 5), agencies[0].pk, "significant"),
        (date(2025, 5, 1), agencies[1].pk, "routine"),
    ]
    svg = str(timeline_svg(points, agencies))
    assert "Agency &lt;0&gt; &amp; Co" in svg
    assert "<0>" not in svg
    assert "Timeline of 2 events from 2 agencies, March 2022 to May 2025" in svg
    assert svg.count('class="fp-timeline__lane') == 2
    assert "fp-timeline__mark--significant" in svg and "fp-timeline__mark--routine" in svg


def test_the_timeline_bins_thousands_of_events_quickly():
    agencies = _agencies(5)
    start = date(2015, 1, 1)
    points = [
        (
            start + timedelta(days=n % 3650),
            agencies[n % 5].pk,
            "significant" if n % 3 else "routine",
        )
        for n in range(5000)
    ]
    began = time.perf_counter()
    svg = str(timeline_svg(points, agencies))
    assert time.perf_counter() - began < 0.5
    marks = svg.count("<circle")
    assert marks < 5 * (740 // 6) + 5  # at most one mark per lane and pixel bin
    assert "Timeline of 5000 events from 5 agencies" in svg
    assert len(svg) < 300_000


def test_no_events_draw_no_timeline():
    assert timeline_svg([], _agencies(1)) == ""
