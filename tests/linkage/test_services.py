"""Linking records into persons, reviewing, undoing: nothing merged silently, nothing lost."""

from __future__ import annotations

from datetime import date

import pytest

from fullpicture.chronology.models import Event
from fullpicture.chronology.selectors import person_chronology
from fullpicture.core.audit import Auditor
from fullpicture.core.models import AuditEvent
from fullpicture.linkage import selectors, services
from fullpicture.linkage.models import CandidatePair, DecisionKind, LinkDecision, PairStatus
from fullpicture.people.models import Person, PersonRecord
from tests.factories import EventFactory, EventInvolvementFactory, PersonRecordFactory
from tests.linkage.conftest import queued_pair, record

pytestmark = pytest.mark.django_db


def _person_events(person: Person) -> set:
    return set(
        person_chronology(person=person, user=None, process="tests").values_list("pk", flat=True)
    )


def _where_everything_is() -> dict:
    """Each event's subject and involved records, and each record's person: the whole state."""
    return {
        "events": {
            e.pk: (e.subject_id, frozenset(e.involvements.values_list("record_id", flat=True)))
            for e in Event.objects.all()
        },
        "records": dict(PersonRecord.objects.values_list("pk", "person_id")),
    }


@pytest.fixture
def child_known_twice(agencies):
    """One child: children's social care and the hospital, names and dates a little different."""
    csc = record(agencies["csc"], local_id="CSC-1", given_name="William", nhs_number="9990000018")
    health = record(
        agencies["health"], local_id="OUH-1", given_name="Bill", birth_date=date(2015, 2, 3)
    )
    mother = record(
        agencies["health"],
        local_id="OUH-2",
        given_name="Sarah",
        birth_date=date(1990, 5, 6),
    )
    for n, (subject, agency) in enumerate(((csc, "csc"), (health, "health"), (health, "health"))):
        event = EventFactory(
            agency=agencies[agency],
            subject=subject,
            source_ref=f"S{n}",
            event_type_id="health.injury" if agency == "health" else "csc.home_visit",
        )
        EventInvolvementFactory(event=event, record=mother, role="parent")
    return csc, health, mother


def test_an_import_links_new_records_against_everyone_known(child_known_twice, model, auditor):
    csc, health, mother = child_known_twice
    summary = services.link_new_records([health.pk, mother.pk], auditor=auditor)
    csc.refresh_from_db()
    health.refresh_from_db()
    mother.refresh_from_db()
    assert csc.person_id == health.person_id
    assert mother.person_id != csc.person_id
    assert summary.linked_automatically == 1
    decision = LinkDecision.objects.get(kind=DecisionKind.AUTOMATIC)
    assert decision.model == model
    assert decision.match_probability >= model.upper_threshold
    assert decision.process == "linkage-tests" and decision.decided_by is None
    pair = decision.pair
    assert pair.status == PairStatus.LINKED
    fields = {e["field"]: e for e in pair.evidence}
    assert fields["given_name"]["level"] == "Same name by nickname"
    assert fields["birth_date"]["level"] == "Day and month swapped"
    # The merged person's chronology holds both agencies' events.
    person = Person.objects.get(pk=csc.person_id)
    assert len(_person_events(person)) == 3
    assert AuditEvent.objects.filter(
        person=person, what__startswith="Linked automatically"
    ).exists()


def test_link_then_unlink_returns_every_event_to_where_it_was(child_known_twice, auditor):
    csc, health, mother = child_known_twice
    before = _where_everything_is()
    chronologies = {p.pk: _person_events(p) for p in Person.objects.all()}
    services.link_new_records([health.pk], auditor=auditor)
    decision = LinkDecision.objects.get(kind=DecisionKind.AUTOMATIC)
    assert _where_everything_is()["records"] != before["records"]

    services.link_undo(decision=decision, by=None, reason="test", auditor=Auditor(process="t"))

    after = _where_everything_is()
    assert after == before  # every event on the same records, every record on its person
    assert {p.pk: _person_events(p) for p in Person.objects.all()} == chronologies
    assert LinkDecision.objects.get(undoes=decision).kind == DecisionKind.UNLINK
    # No later run links them again without a person deciding.
    assert CandidatePair.objects.get(pk=decision.pair_id).status == PairStatus.NOT_LINKED
    services.link_run(auditor=auditor)
    assert _where_everything_is() == before


def test_a_run_refuses_twins_and_a_father_and_son_of_the_same_name(agencies, auditor):
    twin_1 = record(agencies["csc"], local_id="T1", given_name="Olivia")
    twin_1b = record(agencies["health"], local_id="T1b", given_name="Olivia")
    twin_2 = record(agencies["health"], local_id="T2", given_name="Amelia")
    father = record(
        agencies["police"], local_id="F", given_name="Dean", sex="M", birth_date=date(1986, 4, 4)
    )
    son = record(
        agencies["csc"], local_id="S", given_name="Dean", sex="M", birth_date=date(2012, 4, 4)
    )
    son_no_date = record(
        agencies["school"], local_id="S2", given_name="Dean", sex="M", birth_date=None
    )
    services.link_run(auditor=auditor)
    person = {r.local_id: r.person_id for r in PersonRecord.objects.all()}
    assert person["T1"] == person["T1b"]
    assert person["T2"] not in (person["T1"],)
    assert person["F"] != person["S"]
    assert person["S2"] not in (person["F"],) or person["S2"] != person["S"]
    with pytest.raises(services.LinkRefused, match="twins"):
        services.persons_link(
            keep=twin_1.person, merge=twin_2.person, kind=DecisionKind.REVIEWED, auditor=auditor
        )
    with pytest.raises(services.LinkRefused, match="ten years"):
        services.persons_link(
            keep=son.person, merge=father.person, kind=DecisionKind.REVIEWED, auditor=auditor
        )
    del twin_1b, son_no_date


def test_a_pair_between_the_thresholds_waits_for_a_reviewer(agencies, reviewer, auditor):
    pair, a, b, summary = queued_pair(agencies["csc"], agencies["police"], auditor=auditor)
    assert summary.linked_automatically == 0
    assert list(CandidatePair.objects.all()) == [pair]
    assert pair.status == PairStatus.PENDING
    assert pair.model.lower_threshold <= pair.match_probability < pair.model.upper_threshold
    assert list(selectors.pairs_pending()) == [pair]

    decision = services.pair_decide(
        pair=pair, link=True, by=reviewer, reason="Same school and GP", auditor=Auditor(reviewer)
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id == b.person_id
    assert (decision.kind, decision.decided_by, decision.reason) == (
        DecisionKind.REVIEWED,
        reviewer,
        "Same school and GP",
    )
    assert decision.match_probability == pair.match_probability
    linked = {item.record.local_id: item for item in selectors.person_link_records(person=a.person)}
    assert linked["B"].how == "Linked after review" or linked["A"].how == "Linked after review"

    services.link_undo(decision=decision, by=reviewer, reason="Wrong", auditor=Auditor(reviewer))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id != b.person_id


def test_a_reviewer_says_not_the_same_person(agencies, reviewer, auditor):
    pair, _, _, _ = queued_pair(agencies["csc"], agencies["police"], auditor=auditor)
    assert list(CandidatePair.objects.all()) == [pair]
    assert (
        services.pair_decide(
            pair=pair,
            link=False,
            by=reviewer,
            reason="Different mothers",
            auditor=Auditor(reviewer),
        )
        is None
    )
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by, pair.reason) == (
        PairStatus.NOT_LINKED,
        reviewer,
        "Different mothers",
    )
    services.link_run(auditor=auditor)
    assert PersonRecord.objects.values("person_id").distinct().count() == 2


def test_joins_on_an_exact_identifier_are_recorded_as_decisions(agencies, auditor):
    first = record(agencies["csc"], local_id="A", nhs_number="9990000018")
    second = PersonRecordFactory(
        agency=agencies["health"],
        local_id="B",
        person=first.person,
        given_name="Kayleigh",
        family_name="Marsh",
        nhs_number="9990000018",
    )
    summary = services.link_new_records([second.pk], auditor=auditor)
    assert summary.exact_identifier == 1
    decision = LinkDecision.objects.get(kind=DecisionKind.EXACT_IDENTIFIER)
    assert list(decision.moves.values_list("record_id", flat=True)) == [second.pk]
    assert selectors.records_with_links()[second.pk].how == "Same NHS number or UPN"


def test_a_new_model_is_stored_with_its_parameters_and_training_date(agencies, auditor):
    for n in range(60):
        record(agencies["csc"], local_id=f"C{n}", given_name=f"Child{n}", nhs_number="")
    model = services.model_current(auditor=auditor)
    assert model.is_current and model.name == "shipped"
    assert model.parameters["comparisons"] and model.splink_version == "5.0.0"
    assert model.trained_at is not None and model.trained_on_records > 1000
    assert "expectation maximisation" in model.training
