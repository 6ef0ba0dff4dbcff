"""Alerts raised by learning checks, what professionals decided about them, and check settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fullpicture.core.models import BaseModel


class CheckSetting(BaseModel):
    """One version of a check's parameters, as a safeguarding partnership set them.

    Appended, never edited: the current setting of a check is its highest version.
    With no row, a check runs on its defaults (version 0).
    """

    code = models.CharField(max_length=8)
    version = models.PositiveIntegerField()
    parameters = models.JSONField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="check_setting_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} settings v{self.version}"


class Severity(models.TextChoices):
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


SEVERITY_ORDER = {Severity.URGENT: 0, Severity.HIGH: 1, Severity.MEDIUM: 2}


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACTIONED = "actioned", "Action taken"
    DISMISSED = "dismissed", "Dismissed"


class Alert(BaseModel):
    """A learning check holding for a child: the evidence in front of a professional.

    One alert per (check, child, key): evaluating again updates it rather than
    raising another. `active` says whether the check still held when last
    evaluated; `status` is the latest decision about it.
    """

    code = models.CharField(max_length=8)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="alerts")
    key = models.CharField(max_length=100, blank=True)
    check_version = models.PositiveIntegerField(help_text="Version of the check's definition")
    settings_version = models.PositiveIntegerField(help_text="Version of its parameters")
    parameters = models.JSONField(help_text="The parameter values it was raised with")
    severity = models.CharField(max_length=8, choices=Severity.choices)
    explanation = models.TextField()
    facts = models.JSONField(default=dict, blank=True)
    evidence = models.ManyToManyField(
        "chronology.Event", through="AlertEvidence", related_name="alerts"
    )
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    active = models.BooleanField(default=True)
    raised_on = models.DateField(help_text="The day evaluation first found it")
    evidence_changed_on = models.DateField()
    last_held_on = models.DateField(help_text="The latest day evaluation found it holding")
    restricted = models.BooleanField(
        default=False, help_text="Rests on a restricted event: shown only to who may read it"
    )

    class Meta:
        ordering = ["-raised_on"]
        constraints = [
            models.UniqueConstraint(fields=["code", "person", "key"], name="alert_unique_identity")
        ]
        indexes = [models.Index(fields=["active", "status"])]

    def __str__(self) -> str:
        return f"{self.code} for {self.person_id} ({self.key or 'child'})"


class AlertEvidence(models.Model):
    id = models.BigAutoField(primary_key=True)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="evidence_links")
    event = models.ForeignKey("chronology.Event", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "event"], name="alert_evidence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} in {self.alert_id}"


class DecisionKind(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACTIONED = "actioned", "Action taken"
    DISMISSED = "dismissed", "Dismissed"
    REOPENED = "reopened", "Reopened: new evidence"


class ActionKind(models.TextChoices):
    REFERRAL = "referral", "Referral made"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    VISIT = "visit", "Visit"
    MULTI_AGENCY_MEETING = "multi_agency_meeting", "Multi-agency meeting"
    ASSESSMENT = "assessment", "Assessment started"
    ESCALATION = "escalation", "Escalated"
    OTHER = "other", "Other"


class AlertDecision(BaseModel):
    """What a professional (or, on new evidence, the system) decided. Appended, never edited."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=16, choices=DecisionKind.choices)
    action = models.CharField(max_length=24, choices=ActionKind.choices, blank=True)
    note = models.TextField(blank=True, help_text="What was done, or why it was dismissed")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence_ids = models.JSONField(
        default=list, help_text="The evidence as it stood when decided (event ids)"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.alert_id}"
