"""Every access decision about person data, in one place.

Need to know, as the partnership agreed it:
- A practitioner or manager sees a person when their agency holds a record of
  that person (the agency is involved). On that person's chronology they see
  every agency's events, because the shared picture is the point, except
  `restricted` events, which only the recording agency and children's social
  care see.
- Safeguarding partnership staff run case reviews across every agency: they
  see every person, but not restricted events unless their agency recorded them.
- Administrators manage agencies and users; they see no person data.
- Recording: practitioners and managers record events for people they can see,
  as their own agency. Only the recording agency corrects its own entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from fullpicture.core.models import AgencyKind, Role

if TYPE_CHECKING:
    from fullpicture.checks.models import Alert
    from fullpicture.chronology.models import Event
    from fullpicture.core.models import User
    from fullpicture.people.models import Person

CASE_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER})
READ_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.PARTNERSHIP})


def _active(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def people_visible_to(user: User | None, people: QuerySet) -> QuerySet:
    from fullpicture.people.models import PersonRecord

    if not _active(user) or user.role not in READ_ROLES:
        return people.none()
    if user.role == Role.PARTNERSHIP:
        return people
    own_record = PersonRecord.objects.filter(person=OuterRef("pk"), agency_id=user.agency_id)
    return people.filter(Exists(own_record))


def can_view_person(user: User | None, person: Person) -> bool:
    from fullpicture.people.models import Person as PersonModel

    return people_visible_to(user, PersonModel.objects.filter(pk=person.pk)).exists()


def sees_restricted_of_all_agencies(user: User) -> bool:
    return user.agency_id is not None and user.agency.kind == AgencyKind.CHILDRENS_SOCIAL_CARE


def restricted_event_filter(user: User) -> Q:
    """The events of a visible person that this user may read."""
    from fullpicture.chronology.models import Sensitivity

    if sees_restricted_of_all_agencies(user):
        return Q()
    return ~Q(sensitivity=Sensitivity.RESTRICTED) | Q(agency_id=user.agency_id)


def events_visible_to(user: User | None, events: QuerySet) -> QuerySet:
    """Events this user may read, whoever they are about (callers narrow to a person)."""
    if not _active(user) or user.role not in READ_ROLES:
        return events.none()
    return events.filter(restricted_event_filter(user))


def can_view_event(user: User | None, event: Event) -> bool:
    from fullpicture.chronology.models import Sensitivity

    if not _active(user) or user.role not in READ_ROLES:
        return False
    if event.sensitivity == Sensitivity.RESTRICTED:
        return event.agency_id == user.agency_id or sees_restricted_of_all_agencies(user)
    return True


def can_record_event(user: User | None, person: Person) -> bool:
    return _active(user) and user.role in CASE_ROLES and can_view_person(user, person)


def can_correct_event(user: User | None, event: Event) -> bool:
    return (
        _active(user)
        and user.role in CASE_ROLES
        and event.agency_id == user.agency_id
        and can_view_event(user, event)
    )


def can_export(user: User | None, person: Person) -> bool:
    return can_view_person(user, person)


def can_review_links(user: User | None) -> bool:
    """Only data-quality staff see two agencies' records side by side, link and unlink them."""
    return _active(user) and user.role == Role.DATA_QUALITY


def can_manage_users(user: User | None) -> bool:
    return _active(user) and (user.role == Role.ADMIN or user.is_superuser)


# Learning checks (ADR 0006). An alert is seen by whoever may see its child and
# read every event of its evidence (checks/selectors.alerts_visible_to).


def can_decide_alert(user: User | None, alert: Alert) -> bool:
    """Practitioners and managers who can see the alert record decisions on it."""
    from fullpicture.checks.selectors import alerts_visible_to

    return can_decide_alerts_seen(user) and alerts_visible_to(user).filter(pk=alert.pk).exists()


def can_decide_alerts_seen(user: User | None) -> bool:
    """Whether the user records decisions on the alerts they may see (`alerts_visible_to`)."""
    return _active(user) and user.role in CASE_ROLES


def can_see_agency_dashboard(user: User | None) -> bool:
    """Managers see the open alerts across the children their agency works with."""
    return _active(user) and user.role == Role.MANAGER


def can_see_partnership_view(user: User | None) -> bool:
    return _active(user) and user.role == Role.PARTNERSHIP


def can_change_check_settings(user: User | None) -> bool:
    """A safeguarding partnership sets the parameters of learning checks."""
    return _active(user) and user.role == Role.PARTNERSHIP


def can_replay_checks(user: User | None, person: Person) -> bool:
    """Learning reviews are run by partnership staff and by managers of an involved agency."""
    return (
        _active(user)
        and user.role in (Role.PARTNERSHIP, Role.MANAGER)
        and can_view_person(user, person)
    )


# The people around the child (ADR 0007). Who may read an adult's relevant history
# (violence, sexual offences, risk to children, substance misuse, mental health) on the
# hidden adults panel, by the domain of the event that holds it. Everyone who may see the
# child sees that the adult exists and why they are connected; restricted events stay
# under the rule above.
ADULT_HISTORY_READERS = {
    "police": frozenset(
        {AgencyKind.POLICE, AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.PROBATION}
    ),
    "health": frozenset(
        {AgencyKind.HEALTH, AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.ADULT_SOCIAL_CARE}
    ),
    "adult": frozenset(
        {AgencyKind.ADULT_SOCIAL_CARE, AgencyKind.HEALTH, AgencyKind.CHILDRENS_SOCIAL_CARE}
    ),
}


def can_see_adult_history(user: User | None, event_domain: str) -> bool:
    """Police history to police, children's social care and probation; health and adult
    services history to health, adult social care and children's social care; the
    safeguarding partnership sees all of it. Other domains: anyone who may read."""
    if not _active(user) or user.role not in READ_ROLES:
        return False
    if user.role == Role.PARTNERSHIP:
        return True
    readers = ADULT_HISTORY_READERS.get(event_domain)
    if readers is None:
        return True
    return user.agency_id is not None and user.agency.kind in readers
