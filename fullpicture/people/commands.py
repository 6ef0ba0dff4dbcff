"""What every management command that exports a person needs: the person, and who asks.

`--person REF` (nhs:, upn:, AGENCYCODE:LOCAL_ID or the internal id) and an optional
`--as-user USERNAME`: with a user their access rules apply; without one the command
runs as a named system process and sees everyone.
"""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from fullpicture.core import access
from fullpicture.core.models import User
from fullpicture.people.models import Person
from fullpicture.people.selectors import PersonNotFound, person_by_ref

PERSON_HELP = "nhs:NUMBER, upn:UPN, AGENCYCODE:LOCAL_ID or the person's internal id"


def person_arguments_add(parser: CommandParser) -> None:
    parser.add_argument("--person", required=True, help=PERSON_HELP)
    parser.add_argument(
        "--as-user", help="Export as this user: their access rules apply and they are audited"
    )


def person_for_export(ref: str, as_user: str | None, *, what: str) -> tuple[Person, User | None]:
    """The person REF names and the user asking (None: a system process); refuses clearly."""
    user: User | None = None
    if as_user:
        try:
            user = User.objects.select_related("agency").get(username=as_user)
        except User.DoesNotExist:
            raise CommandError(f"No user with username {as_user!r}.") from None
    people = Person.objects.visible_to(user) if user else Person.objects.all()
    try:
        found = person_by_ref(ref, people)
    except PersonNotFound as error:
        hint = f" that {as_user} can see" if user else ""
        raise CommandError(f"{error} (no person{hint} matches)") from None
    if user is not None and not access.can_export(user, found):
        raise CommandError(f"{as_user} may not export this person's {what}.")
    return found, user
