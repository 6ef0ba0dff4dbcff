import pytest
from django.db import transaction

from fullpicture.core.audit import AuditError, Auditor
from fullpicture.core.models import AuditEvent
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_refuses_without_a_user_or_process():
    with pytest.raises(AuditError):
        Auditor()


def test_audit_refuses_an_anonymous_user():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(AuditError):
        Auditor(AnonymousUser())


@pytest.mark.django_db(transaction=True)
def test_audit_is_written_only_inside_the_work_transaction():
    user = UserFactory()
    with pytest.raises(AuditError):
        Auditor(user).searched("outside any transaction")
    with transaction.atomic():
        Auditor(user).searched("inside")
    assert AuditEvent.objects.filter(actor=user, what="inside").count() == 1


@pytest.mark.django_db(transaction=True)
def test_audit_row_rolls_back_with_the_work():
    user, person = UserFactory(), PersonFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        Auditor(user).viewed(person, "Whole-picture page")
        raise RuntimeError("the work failed")
    assert not AuditEvent.objects.filter(person=person).exists()


def test_a_named_process_can_audit():
    row = Auditor(process="import-extract TVP").imported("Extract x")
    assert row.actor is None and row.process == "import-extract TVP"
