"""What practitioners record about the people around a child on the network page.

A relationship added from the page is an ordinary `people.Relationship` recorded by
the user's agency; `RelationshipEntry` says who added or ended it, when and why, so
its source reads "recorded by <name>, <agency>". The team around the child is held
as appended `NamedWorker` rows: the current named worker of an agency for a child
is the latest row; earlier rows are the history.
"""

from django.conf import settings
from django.db import models

from fullpicture.core.models import Agency, BaseModel
from fullpicture.people.models import Person, Relationship


class EntryAction(models.TextChoices):
    ADDED = "added", "Added"
    ENDED = "ended", "Ended"


class RelationshipEntry(BaseModel):
    """A practitioner adding or ending a relationship from the network page."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.PROTECT, related_name="network_entries"
    )
    action = models.CharField(max_length=8, choices=EntryAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.relationship_id} by {self.by_id}"


class NamedWorker(BaseModel):
    """An agency's named worker for a child, from this row's creation until a later row."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="named_workers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="named_workers")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=300, blank=True, help_text="Telephone or email")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="named_worker_of",
        help_text="The FullPicture user, when the named worker has an account",
    )
    handover = models.TextField(
        blank=True, help_text="What the new worker must know, written by whoever hands over"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["child", "agency", "-created_at"]
        indexes = [models.Index(fields=["child", "agency", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency_id}) for {self.child_id}"


class HandoverRead(BaseModel):
    """The new named worker has read the handover summary and the history."""

    named_worker = models.ForeignKey(NamedWorker, on_delete=models.PROTECT, related_name="reads")
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["named_worker", "read_by"], name="handover_read_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.named_worker_id} read by {self.read_by_id}"
