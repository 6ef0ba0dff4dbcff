import pytest
from django.core.management import CommandError, call_command

from fullpicture.core.models import Agency
from fullpicture.people.selectors import PersonNotFound, person_by_ref
from tests.factories import PersonRecordFactory, PoliceFactory

pytestmark = pytest.mark.django_db


def test_create_agency_creates_then_renames():
    call_command("create_agency", "TVP", kind="police", name="Thames Valley Police")
    call_command("create_agency", "TVP", kind="police", name="Thames Valley Police Force")
    agency = Agency.objects.get(code="TVP")
    assert (agency.kind, agency.name) == ("police", "Thames Valley Police Force")


def test_create_agency_refuses_a_bad_code():
    with pytest.raises(CommandError):
        call_command("create_agency", "no spaces allowed", kind="police", name="X")
    assert not Agency.objects.exists()


def test_person_refs_in_every_form():
    record = PersonRecordFactory(agency=PoliceFactory(), local_id="TVP-77", upn="H801200001001")
    person = record.person
    assert person_by_ref(f"nhs:{record.nhs_number}") == person
    spaced = f"{record.nhs_number[:3]} {record.nhs_number[3:6]} {record.nhs_number[6:]}"
    assert person_by_ref(f"nhs:{spaced}") == person
    assert person_by_ref("TVP:TVP-77") == person
    assert person_by_ref("tvp:TVP-77") == person
    assert person_by_ref(str(person.pk)) == person
    with pytest.raises(PersonNotFound):
        person_by_ref("nhs:9990000019")  # fails its check digit
    with pytest.raises(PersonNotFound):
        person_by_ref("TVP:nobody")
    with pytest.raises(PersonNotFound):
        person_by_ref("not-a-uuid")
    assert person_by_ref("upn:h801200001001") == person
