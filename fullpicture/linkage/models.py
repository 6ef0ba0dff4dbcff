"""Record linkage: the model that scored pairs, candidate pairs, and every link decision.

A link moves agency records (`people.PersonRecord.person`) from one person to
another; events and relationships point at records and never move (ADR 0001).
Each move is a `LinkDecision` with the records it moved and where each came
from, so that undoing it puts every record, and so every event, back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from fullpicture.core.models import BaseModel
from fullpicture.people.models import Person, PersonRecord


class LinkageModel(BaseModel):
    """A trained Splink model: its parameters as Splink saved them, and how it was trained."""

    name = models.CharField(max_length=100)
    splink_version = models.CharField(max_length=20)
    trained_at = models.DateTimeField()
    trained_on_records = models.PositiveIntegerField(default=0)
    training = models.TextField(
        blank=True, help_text="How it was trained: method, blocking, data, in words."
    )
    parameters = models.JSONField(help_text="Splink's model JSON: comparisons with m and u.")
    upper_threshold = models.FloatField(help_text="At or above: linked without review.")
    lower_threshold = models.FloatField(help_text="At or above (and below upper): reviewed.")
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-trained_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="linkage_one_current_model",
            ),
            models.CheckConstraint(
                condition=Q(lower_threshold__lte=models.F("upper_threshold")),
                name="linkage_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (trained {self.trained_at:%Y-%m-%d}, Splink {self.splink_version})"


class PairStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    LINKED = "linked", "Linked"
    NOT_LINKED = "not_linked", "Not linked"
    RULED_OUT = "ruled_out", "Ruled out"


class CandidatePair(BaseModel):
    """Two agency records the model scored, with the evidence field by field.

    Pairs between the thresholds wait in the review queue; those above were
    linked automatically; a rule can rule a pair out whatever its score.
    """

    record_a = models.ForeignKey(
        PersonRecord, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    record_b = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="+")
    model = models.ForeignKey(LinkageModel, on_delete=models.PROTECT, related_name="pairs")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    evidence = models.JSONField(
        default=list, help_text="Per field: label, level, verdict (agrees/partly/...), weight."
    )
    status = models.CharField(max_length=16, choices=PairStatus.choices)
    ruled_out_because = models.CharField(max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-match_probability"]
        indexes = [models.Index(fields=["status", "match_probability"])]
        constraints = [
            models.UniqueConstraint(fields=["record_a", "record_b"], name="linkage_pair_once"),
            models.CheckConstraint(
                condition=~Q(record_a=models.F("record_b")), name="linkage_pair_two_records"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.record_a_id} ~ {self.record_b_id} ({self.match_probability:.3f}, {self.status})"
        )


class DecisionKind(models.TextChoices):
    EXACT_IDENTIFIER = "exact_identifier", "Same NHS number or UPN"
    AUTOMATIC = "automatic", "Linked automatically"
    REVIEWED = "reviewed", "Linked after review"
    UNLINK = "unlink", "Unlinked"


class LinkDecision(BaseModel):
    """One link (or unlink): which records moved to which person, who decided, when, why."""

    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="link_decisions", help_text="Moved to."
    )
    pair = models.ForeignKey(
        CandidatePair, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    model = models.ForeignKey(
        LinkageModel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    match_probability = models.FloatField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    process = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    undoes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="undone_by"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=False) | ~Q(process=""),
                name="linkage_decision_has_decider",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} into {self.person_id} at {self.created_at:%Y-%m-%d %H:%M}"
        )

    @property
    def decider(self) -> str:
        return self.decided_by.display_name if self.decided_by_id else self.process


class MovedRecord(models.Model):
    """A record a decision moved, and the person it was on before."""

    id = models.BigAutoField(primary_key=True)
    decision = models.ForeignKey(LinkDecision, on_delete=models.PROTECT, related_name="moves")
    record = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="+")
    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "record"], name="linkage_move_once")
        ]

    def __str__(self) -> str:
        return f"{self.record_id} from {self.from_person_id}"
