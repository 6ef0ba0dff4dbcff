"""The audit trail: one row for every read or write of person data.

Call it inside the transaction doing the work (views run in ATOMIC_REQUESTS),
so that if the audit cannot be written the work does not happen either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from fullpicture.core.bulk import rows_insert
from fullpicture.core.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from fullpicture.core.models import User
    from fullpicture.people.models import Person


class AuditError(RuntimeError):
    pass


class Auditor:
    """Writes audit rows for one actor: a user, or a named system process."""

    def __init__(self, actor: User | None = None, *, process: str = "") -> None:
        if actor is None and not process:
            raise AuditError("An audit row needs a user or a named system process.")
        if actor is not None and not actor.is_authenticated:
            raise AuditError("An anonymous user cannot be audited; log in first.")
        self.actor = actor
        self.process = process

    def _write(
        self, action: str, what: str, person: Person | None, detail: dict[str, Any]
    ) -> AuditEvent:
        if not transaction.get_connection().in_atomic_block:
            raise AuditError("Audit rows are written inside the transaction doing the work.")
        return AuditEvent.objects.create(
            actor=self.actor,
            process=self.process,
            action=action,
            person=person,
            what=what[:300],
            detail=detail,
        )

    def viewed(self, person: Person, what: str, **detail: Any) -> AuditEvent:
        return self._write(AuditAction.VIEW, what, person, detail)

    def printed(self, person: Person, what: str, **detail: Any) -> AuditEvent:
        return self._write(AuditAction.PRINT, what, person, detail)

    def exported(self, person: Person, what: str, **detail: Any) -> AuditEvent:
        return self._write(AuditAction.EXPORT, what, person, detail)

    def searched(self, what: str, **detail: Any) -> AuditEvent:
        return self._write(AuditAction.SEARCH, what, None, detail)

    def created(self, person: Person | None, what: str, **detail: Any) -> AuditEvent:
        return self._write(AuditAction.CREATE, what, person, detail)

    def corrected(self, person: Person | None, what: str, **detail: Any) -> AuditEvent:
        return self._write(AuditAction.CORRECT, what, person, detail)

    def created_many(self, rows: list[tuple[Any, str, dict[str, Any]]]) -> None:
        """One CREATE row for each (person id, what, detail), written in one statement."""
        if not transaction.get_connection().in_atomic_block:
            raise AuditError("Audit rows are written inside the transaction doing the work.")
        actor_id = self.actor.pk if self.actor is not None else None
        now = timezone.now()
        rows_insert(
            AuditEvent,
            ("at", "actor", "process", "action", "person", "what", "detail"),
            [
                (
                    now,
                    actor_id,
                    self.process,
                    AuditAction.CREATE.value,
                    person_id,
                    what[:300],
                    detail,
                )
                for person_id, what, detail in rows
            ],
        )

    def imported(self, what: str, **detail: Any) -> AuditEvent:
        return self._write(AuditAction.IMPORT, what, None, detail)
