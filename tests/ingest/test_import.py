"""Importing extracts into the database: all or nothing, idempotent, corrections kept, audited."""

from __future__ import annotations

import io
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.models import F
from django.utils import timezone

from fullpicture.chronology.models import Event, EventInvolvement
from fullpicture.core.audit import Auditor
from fullpicture.core.models import AuditAction, AuditEvent, Revision
from fullpicture.ingest.models import ImportBatch
from fullpicture.ingest.services import ExtractRejected, extract_import_path
from fullpicture.manage import main as fullpicture_main
from fullpicture.people.models import (
    Address,
    Identifier,
    IdentifierScheme,
    Person,
    PersonRecord,
    Relationship,
)
from tests.factories import SchoolFactory, UserFactory
from tests.ingest.conftest import EVENTS_CSV, PEOPLE_CSV, RELATIONSHIPS_CSV

pytestmark = pytest.mark.django_db

DATA_TABLES = (
    Person,
    PersonRecord,
    Identifier,
    Address,
    Relationship,
    Event,
    EventInvolvement,
    Revision,
)
ALL_TABLES = (*DATA_TABLES, ImportBatch, AuditEvent)
TODAY = timezone.localdate()
FUTURE = (TODAY + timedelta(days=3)).isoformat()


def counts(tables=ALL_TABLES) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in tables}


def run(agency, path, **kwargs):
    return extract_import_path(agency=agency, path=path, **kwargs)


def command(path, agency_code: str, *args: str) -> tuple[str, str]:
    """Run `fullpicture import-extract` and return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_extract", str(path), "--agency", agency_code, *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


# --- the Done-when extract: refused, every problem listed, nothing written

BAD_PEOPLE = PEOPLE_CSV + "B1,Bad,Number,2019-01-01,M,9990000019\n"
BAD_EVENTS = (
    EVENTS_CSV
    + "E3,2025-03-01,health.bruise_on_knee,C1,,Unknown type\n"
    + "E4,2025-03-02,health.injury,C1,X99:witness,Dangling involved id\n"
    + f"E5,{FUTURE},health.injury,C1,,Not yet happened\n"
)
DONE_WHEN_PROBLEMS = [
    "people.csv:4: nhs_number: this NHS number fails its check digit (9990000019)",
    "events.csv:4: event_type: not a known event type (health.bruise_on_knee)",
    "events.csv:5: involved: no person with local_id 'X99' in people.csv (X99:witness)",
    f"events.csv:6: occurred_on: is in the future ({FUTURE})",
]


def test_a_bad_extract_is_refused_with_every_problem_and_nothing_written(hospital, make_extract):
    path = make_extract(people=BAD_PEOPLE, events=BAD_EVENTS)
    before = counts()
    with pytest.raises(ExtractRejected) as refused:
        run(hospital, path)
    assert [str(p) for p in refused.value.problems] == DONE_WHEN_PROBLEMS
    assert counts() == before


def test_the_command_prints_every_problem_to_stderr_and_fails(hospital, make_extract):
    path = make_extract(people=BAD_PEOPLE, events=BAD_EVENTS)
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 problem\\(s\\) found; nothing was imported"):
        call_command("import_extract", str(path), "--agency", "OUH", stderr=err)
    assert err.getvalue().splitlines() == DONE_WHEN_PROBLEMS
    assert counts() == before


def test_the_console_command_exits_non_zero(hospital, make_extract, capsys, monkeypatch):
    path = make_extract(people=BAD_PEOPLE, events=BAD_EVENTS)
    before = counts()
    monkeypatch.setattr("sys.argv", ["fullpicture", "import-extract", str(path), "--agency", "OUH"])
    # The console entry point closes every connection when it ends; the test's must stay open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        fullpicture_main()
    assert exited.value.code != 0
    stderr = capsys.readouterr().err
    for problem in DONE_WHEN_PROBLEMS:
        assert problem in stderr
    assert "nothing was imported" in stderr
    assert counts() == before


def test_the_command_refuses_an_unknown_agency_and_an_unreadable_path(
    hospital, make_extract, tmp_path
):
    with pytest.raises(CommandError, match="No agency with code 'NOPE'"):
        command(make_extract(), "NOPE")
    with pytest.raises(CommandError, match="no such folder or file"):
        command(tmp_path / "missing", "OUH")


def test_skip_bad_rows_writes_the_good_rows_and_reports_the_rest(hospital, make_extract):
    people = BAD_PEOPLE.replace("B1,Bad,Number,2019-01-01,M,9990000019", f"B1,Bad,Date,{FUTURE},M,")
    events = BAD_EVENTS + "E6,2025-03-03,health.injury,B1,C1:sibling,About the rejected person\n"
    out, err = command(make_extract(people=people, events=events), "OUH", "--skip-bad-rows")
    assert err.splitlines() == [
        f"skipped: people.csv:4: birth_date: is in the future ({FUTURE})",
        "skipped: events.csv:4: event_type: not a known event type (health.bruise_on_knee)",
        "skipped: events.csv:5: involved: no person with local_id 'X99' in people.csv (X99:witness)",
        f"skipped: events.csv:6: occurred_on: is in the future ({FUTURE})",
        "skipped: events.csv:7: subject_local_id: refers to a person row that was rejected (B1)",
    ]
    assert "5 rows rejected" in out
    assert sorted(PersonRecord.objects.values_list("local_id", flat=True)) == ["C1", "M1"]
    assert sorted(Event.objects.values_list("source_ref", flat=True)) == ["E1", "E2"]
    batch = ImportBatch.objects.get()
    assert (batch.people_created, batch.events_created, batch.rows_rejected) == (2, 2, 5)


def test_a_good_extract_is_written(hospital, make_extract):
    out, err = command(make_extract(), "OUH")
    assert err == ""
    assert "2 people created" in out and "2 events created" in out
    assert counts(DATA_TABLES) == {
        "Person": 2,
        "PersonRecord": 2,
        "Identifier": 3,  # two local ids and one NHS number
        "Address": 0,
        "Relationship": 1,
        "Event": 2,
        "EventInvolvement": 1,
        "Revision": 0,
    }
    child = PersonRecord.objects.get(local_id="C1")
    assert child.person.full_name == "Kayleigh Smith"
    assert child.person.birth_date == date(2018, 3, 2)
    injury = Event.objects.get(source_ref="E1")
    assert injury.subject == child and injury.version == 1 and injury.agency == hospital
    assert injury.involvements.get().record.local_id == "M1"
    assert Relationship.objects.get().from_record.local_id == "M1"
    # An agency's events rest on its own records (the agencies a child's page lists rely on it).
    assert not Event.objects.exclude(subject__agency=F("agency")).exists()
    assert not EventInvolvement.objects.exclude(record__agency=F("event__agency")).exists()


RICH_PEOPLE = (
    "local_id,given_name,family_name,other_names,birth_date,birth_date_approximate,sex,nhs_number,"
    "upn,postcode,address,address_from,deceased_on,recorded_on\n"
    'C1,Kayleigh Ann,Smith,Kayleigh Jones,2018-03-02,yes,F,999 000 0018,a82020010100b,ox41ab,"1 High Street, Oxford",2020-01-01,,2019-05-05\n'
    "M1,Donna,Smith,,1990-07-15,,F,,,,,,2024-01-01,\n"
)
RICH_EVENTS = (
    "source_ref,occurred_on,occurred_time,recorded_on,event_type,subject_local_id,involved,summary,detail,"
    "explanation,explanation_consistent,child_seen,child_voice,action,referred_to,outcome,category,"
    "attendance_percent,period_from,placement_type,out_of_area,plan_covers,review_by,stage,significance,"
    "sensitivity,recorded_by\n"
    'A1,2025-01-10,09:05,2025-01-11,education.attendance_report,C1,M1:parent;M1:reporter,Low attendance,"Detail, with comma",'
    "Illness,no,seen_alone,Bored,Letter,early_help;education,,,82.5,2024-09-01,,,,2099-01-01,,routine,restricted,J Bloggs\n"
    "A2,2025-01-12,,,csc.placement_started,C1,,Placed,,,,,,,,,,,,foster,yes,,,,,,\n"
    "A3,2025-01-13,,,csc.placement_plan,C1,,Plan,,,,,,,,,,,,,,night_checks;contingency,2025-07-01,,,,\n"
    "A4,2025-01-14,,,police.professional_disagreement,C1,,Escalated,,,yes,,,,,,,,,,,,,3,,,\n"
    "A5,2025-01-15,,,csc.referral,C1,,Referred,,,,,,,,section_47,,,,,,,,,,,\n"
)


def test_every_value_is_stored_as_read(hospital, make_extract):
    """The fast insert path stores exactly what the rows say, on SQLite and PostgreSQL alike."""
    from fullpicture.ingest.extract import extract_read
    from fullpicture.ingest.services import event_type_codes

    path = make_extract(
        people=RICH_PEOPLE,
        relationships="from_local_id,relationship,to_local_id,parental_responsibility\nM1,parent,C1,yes\n",
        events=RICH_EVENTS,
    )
    extract = extract_read(path, today=TODAY, event_types=event_type_codes())
    assert extract.is_valid, [str(p) for p in extract.problems]
    run(hospital, path)

    for row in extract.people:
        record = PersonRecord.objects.get(local_id=row.local_id)
        for name in (
            "given_name",
            "family_name",
            "other_names",
            "birth_date",
            "birth_date_approximate",
            "sex",
            "nhs_number",
            "upn",
            "postcode",
            "address",
            "address_from",
            "deceased_on",
            "recorded_on",
            "row_hash",
        ):
            assert getattr(record, name) == getattr(row, name), name
    child = PersonRecord.objects.get(local_id="C1")
    assert child.upn == "A82020010100B" and child.nhs_number == "9990000018"
    assert set(child.identifiers.values_list("scheme", "value")) == {
        ("local", "C1"),
        ("nhs", "9990000018"),
        ("upn_temporary", "A82020010100B"),
    }
    address = child.addresses.get()
    assert (address.postcode, address.address, address.from_date, address.recorded_on) == (
        "OX4 1AB",
        "1 High Street, Oxford",
        date(2020, 1, 1),
        date(2020, 1, 1),
    )
    assert child.person.birth_date_approximate is True
    assert Relationship.objects.get().parental_responsibility is True

    for row in extract.events:
        event = Event.objects.get(source_ref=row.source_ref)
        for name in (
            "occurred_on",
            "occurred_time",
            "recorded_on",
            "summary",
            "detail",
            "explanation",
            "explanation_consistent",
            "child_seen",
            "child_voice",
            "action",
            "referred_to",
            "outcome",
            "category",
            "attendance_percent",
            "period_from",
            "placement_type",
            "out_of_area",
            "plan_covers",
            "review_by",
            "stage",
            "significance",
            "sensitivity",
            "recorded_by",
            "row_hash",
        ):
            assert getattr(event, name) == getattr(row, name), (row.source_ref, name)
        assert event.event_type_id == row.event_type
        assert (
            event.version,
            event.supersedes_id,
            event.correction_reason,
            event.entered_by_id,
        ) == (1, None, "", None)
    first = Event.objects.get(source_ref="A1")
    assert first.occurred_time == time(9, 5) and first.attendance_percent == Decimal("82.50")
    assert first.referred_to == ["early_help", "education"]
    assert sorted(first.involvements.values_list("role", flat=True)) == ["parent", "reporter"]
    assert Event.objects.get(source_ref="A3").plan_covers == ["night_checks", "contingency"]
    assert Event.objects.get(source_ref="A2").out_of_area is True


# --- idempotence and corrections


def test_importing_the_same_extract_twice_changes_nothing(hospital, make_extract):
    path = make_extract(people=RICH_PEOPLE, events=RICH_EVENTS, relationships=RELATIONSHIPS_CSV)
    run(hospital, path)
    after_first = counts(DATA_TABLES)
    second = run(hospital, path).batch
    assert counts(DATA_TABLES) == after_first
    assert (
        second.people_created,
        second.people_changed,
        second.relationships_created,
        second.relationships_changed,
        second.events_created,
        second.events_corrected,
    ) == (0, 0, 0, 0, 0, 0)
    assert second.rows_unchanged == 2 + 1 + 5


def test_a_changed_event_row_becomes_version_2_and_version_1_stays_readable(hospital, make_extract):
    run(hospital, make_extract())
    changed = EVENTS_CSV.replace("Bruising to the upper arm", "Bruising to both arms")
    batch = run(hospital, make_extract(events=changed)).batch
    assert (batch.events_created, batch.events_corrected, batch.rows_unchanged) == (0, 1, 4)
    first, second = Event.objects.filter(source_ref="E1").order_by("version")
    assert (first.version, first.summary) == (1, "Bruising to the upper arm")
    assert (second.version, second.summary) == (2, "Bruising to both arms")
    assert second.supersedes == first and second.correction_reason.startswith("Changed in extract")
    assert list(Event.objects.current().filter(source_ref="E1")) == [second]
    assert Event.objects.current().count() == 2
    # Who was involved goes with each version.
    assert first.involvements.count() == 1 and second.involvements.count() == 1
    # A third change supersedes version 2.
    run(hospital, make_extract(events=changed.replace("both arms", "both arms and legs")))
    third = Event.objects.current().get(source_ref="E1")
    assert third.version == 3 and third.supersedes == second


def test_a_changed_person_row_keeps_its_previous_state_and_appends_the_new_address(
    hospital, make_extract
):
    people = "local_id,given_name,family_name,postcode,address\nC1,Kayleigh,Smith,OX4 1AB,1 High Street\nM1,Donna,Smith,,\n"
    run(hospital, make_extract(people=people))
    moved = people.replace(
        "Kayleigh,Smith,OX4 1AB,1 High Street", "Kayleigh,Jones,OX1 2JD,5 Broad Street"
    )
    batch = run(hospital, make_extract(people=moved)).batch
    assert (batch.people_created, batch.people_changed) == (0, 1)
    record = PersonRecord.objects.get(local_id="C1")
    assert (record.family_name, record.postcode, record.address) == (
        "Jones",
        "OX1 2JD",
        "5 Broad Street",
    )
    revision = Revision.objects.get()
    assert revision.model == "people.PersonRecord" and revision.object_id == str(record.pk)
    assert (
        revision.previous["family_name"] == "Smith" and revision.previous["postcode"] == "OX4 1AB"
    )
    assert revision.import_batch == batch
    assert sorted(record.addresses.values_list("postcode", flat=True)) == ["OX1 2JD", "OX4 1AB"]
    assert record.person.family_name == "Jones"  # the person's summary follows the record
    # A change that leaves the address alone appends no address.
    run(hospital, make_extract(people=moved.replace("Kayleigh,Jones", "Kayleigh Ann,Jones")))
    assert record.addresses.count() == 2 and Revision.objects.count() == 2


def test_a_changed_relationship_row_keeps_its_previous_state(hospital, make_extract):
    run(hospital, make_extract())
    batch = run(
        hospital,
        make_extract(
            relationships="from_local_id,relationship,to_local_id,parental_responsibility\nM1,parent,C1,yes\n"
        ),
    ).batch
    assert (batch.relationships_created, batch.relationships_changed) == (0, 1)
    assert Relationship.objects.get().parental_responsibility is True
    assert (
        Revision.objects.get(model="people.Relationship").previous["parental_responsibility"]
        is None
    )


# --- linking people across agencies


def test_the_same_nhs_number_in_two_agencies_is_one_person_with_two_records(
    hospital, police, make_extract
):
    run(hospital, make_extract())
    police_people = "local_id,given_name,family_name,nhs_number\nP77,Kayleigh,Smyth,999 000 0018\n"
    run(
        police,
        make_extract(
            people=police_people,
            relationships="from_local_id,relationship,to_local_id\n",
            events="source_ref,occurred_on,event_type,subject_local_id,summary\n",
        ),
    )
    person = Person.objects.get(records__local_id="P77")
    assert sorted(person.records.values_list("agency__code", "local_id")) == [
        ("OUH", "C1"),
        ("TVP", "P77"),
    ]
    assert Person.objects.count() == 2


def test_people_without_nhs_number_or_upn_stay_separate(hospital, police, make_extract):
    people = "local_id,given_name,family_name,birth_date\nC1,Kayleigh,Smith,2018-03-02\nM1,Donna,Smith,1990-07-15\n"
    run(hospital, make_extract(people=people))
    run(police, make_extract(people=people))
    assert Person.objects.count() == 4
    assert PersonRecord.objects.filter(local_id="C1").values("person").distinct().count() == 2


def test_a_permanent_upn_links_and_a_temporary_upn_never_does(db, police, make_extract):
    school = SchoolFactory()
    people = "local_id,given_name,family_name,upn\nS1,Kayleigh,Smith,{permanent}\nS2,Tyler,Smith,A82020010100B\n"
    from fullpicture.core.identifiers import upn_check_letter

    permanent = upn_check_letter("820200101001") + "820200101001"
    files = {
        "relationships": "from_local_id,relationship,to_local_id\n",
        "events": "source_ref,occurred_on,event_type,subject_local_id,summary\n",
    }
    run(school, make_extract(people=people.format(permanent=permanent), **files))
    run(
        police,
        make_extract(
            people=people.format(permanent=permanent).replace("S1", "P1").replace("S2", "P2"),
            **files,
        ),
    )
    linked = Person.objects.get(records__local_id="S1")
    assert set(linked.records.values_list("local_id", flat=True)) == {"S1", "P1"}
    assert Person.objects.get(records__local_id="S2") != Person.objects.get(records__local_id="P2")
    assert Identifier.objects.filter(scheme=IdentifierScheme.TEMPORARY_UPN).count() == 2
    assert not Identifier.objects.filter(
        scheme=IdentifierScheme.UPN, value="A82020010100B"
    ).exists()


def test_two_records_with_one_nhs_number_in_one_extract_are_one_person(hospital, make_extract):
    people = PEOPLE_CSV + "C2,Kayleigh,Smith-Jones,2018-03-02,F,9990000018\n"
    run(hospital, make_extract(people=people))
    assert (
        PersonRecord.objects.get(local_id="C1").person
        == PersonRecord.objects.get(local_id="C2").person
    )
    assert Person.objects.count() == 2


# --- the audit


def test_an_import_writes_one_audit_row_by_the_named_process(hospital, make_extract):
    before = AuditEvent.objects.count()
    batch = run(hospital, make_extract()).batch
    assert AuditEvent.objects.count() == before + 1
    audit = AuditEvent.objects.latest("id")
    assert audit.action == AuditAction.IMPORT
    assert audit.actor is None and audit.process == "import-extract OUH"
    assert audit.detail["batch"] == str(batch.pk) and audit.detail["events_created"] == 2


def test_an_import_by_a_user_is_audited_as_that_user(hospital, make_extract):
    user = UserFactory(agency=hospital)
    batch = run(hospital, make_extract(), by=user).batch
    assert batch.imported_by == user
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).actor == user


def test_if_the_audit_cannot_be_written_nothing_is_imported(hospital, make_extract, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(Auditor, "imported", broken)
    before = counts()
    with pytest.raises(RuntimeError, match="audit store unavailable"):
        run(hospital, make_extract())
    assert counts() == before


def test_the_same_link_twice_in_one_file_is_refused_and_nothing_is_written(hospital, make_extract):
    # Stated twice, one row would overwrite the other on every re-import, so the
    # import would never settle: the format's rule is an error, never a guess.
    relationships = (
        "from_local_id,relationship,to_local_id,parental_responsibility\n"
        "M1,parent,C1,\n"
        "M1,parent,C1,yes\n"
    )
    before = counts()
    with pytest.raises(ExtractRejected) as refused:
        run(hospital, make_extract(relationships=relationships))
    assert [str(p) for p in refused.value.problems] == [
        "relationships.csv:3: relationship: the same link appears twice in the file (M1 parent C1)"
    ]
    assert counts() == before
