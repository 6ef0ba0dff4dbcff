"""The timeline rings the evidence of open alerts, and draws as before when there is none."""

import re
import uuid
from datetime import date

from fullpicture.chronology.presenters import TimelineHighlight, timeline_svg
from fullpicture.core.models import Agency, AgencyKind


def _agencies():
    return [
        Agency(id=uuid.uuid4(), code="H", name="Hospital <A> & Co", kind=AgencyKind.HEALTH),
        Agency(id=uuid.uuid4(), code="P", name="Police", kind=AgencyKind.POLICE),
    ]


def _points(agencies):
    return [
        (date(2024, 1, 12), agencies[0].pk, "significant"),
        (date(2024, 5, 1), agencies[0].pk, "significant"),
        (date(2024, 5, 2), agencies[0].pk, "routine"),
        (date(2025, 2, 1), agencies[1].pk, "routine"),
    ]


def _ring(agency, day, reason="LC04 Repeated injuries"):
    return TimelineHighlight(
        event_id=uuid.uuid4(), occurred_on=day, agency_id=agency.pk, reason=reason
    )


def test_nothing_highlighted_draws_exactly_what_it_drew_before():
    agencies = _agencies()
    plain = str(timeline_svg(_points(agencies), agencies))
    assert str(timeline_svg(_points(agencies), agencies, [])) == plain
    assert str(timeline_svg(_points(agencies), agencies, ())) == plain
    assert "fp-timeline__evidence" not in plain and "ringed" not in plain


def test_each_piece_of_evidence_is_ringed_with_text_saying_what_and_why():
    agencies = _agencies()
    svg = str(
        timeline_svg(
            _points(agencies),
            agencies,
            [
                _ring(agencies[0], date(2024, 1, 12)),
                _ring(agencies[0], date(2024, 5, 1)),
                _ring(agencies[0], date(2024, 5, 1), reason="LC09 Hidden <adult>"),
            ],
        )
    )
    rings = re.findall(r'<circle class="fp-timeline__evidence".*?</circle>', svg)
    assert len(rings) == 2  # one per mark holding evidence
    assert (
        "Evidence of an open alert: 1 event of Hospital &lt;A&gt; &amp; Co, 12 January 2024"
        in (rings[0])
    )
    assert "for LC04 Repeated injuries; LC09 Hidden &lt;adult&gt;" in rings[1]
    assert "<adult>" not in svg
    assert "Marks ringed in red hold evidence of an open alert" in svg
    # The ring is drawn around its mark: same centre, a larger radius.
    mark = re.findall(r'<circle class="fp-timeline__mark[^"]*" cx="([\d.]+)" cy="([\d.]+)"', svg)
    centres = re.findall(r'fp-timeline__evidence" cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert set(centres) <= set(mark)


def test_evidence_the_timeline_does_not_show_is_not_ringed():
    agencies = _agencies()
    points = _points(agencies)
    svg = str(
        timeline_svg(
            points,
            agencies[:1],  # the police lane filtered out
            [
                _ring(agencies[1], date(2025, 2, 1)),  # its lane is not drawn
                _ring(agencies[0], date(2023, 6, 1)),  # no event of the hospital that day
            ],
        )
    )
    assert "fp-timeline__evidence" not in svg
    assert "ringed" not in svg
    assert svg == str(timeline_svg(points, agencies[:1]))
