"""The chronology: significant events, who they involve, and how they were corrected."""

from django.conf import settings
from django.db import models

from fullpicture.core.models import Agency, BaseModel
from fullpicture.people.models import PersonRecord


class EventType(models.Model):
    """An event type of the agency extract format, e.g. `health.injury`. Loaded from a fixture."""

    code = models.CharField(max_length=64, primary_key=True)
    domain = models.CharField(max_length=32)
    label = models.CharField(max_length=200, help_text="Plain English, as a practitioner says it")
    description = models.TextField(blank=True)
    cin_factors = models.CharField(
        max_length=100,
        blank=True,
        help_text="CIN census assessment factor codes this maps to, comma-separated",
    )

    class Meta:
        ordering = ["domain", "label"]

    def __str__(self) -> str:
        return self.label


class ChildSeen(models.TextChoices):
    SEEN_ALONE = "seen_alone", "Seen alone"
    SEEN = "seen", "Seen"
    NOT_SEEN = "not_seen", "Not seen"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Significance(models.TextChoices):
    SIGNIFICANT = "significant", "Significant"
    ROUTINE = "routine", "Routine"


class Sensitivity(models.TextChoices):
    NORMAL = "normal", "Normal"
    RESTRICTED = "restricted", "Restricted"


class InvolvementRole(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    VICTIM = "victim", "Victim"
    WITNESS = "witness", "Witness"
    PRESENT = "present", "Present"
    REPORTER = "reporter", "Reporter"
    SIBLING = "sibling", "Sibling"


class EventQuerySet(models.QuerySet):
    def current(self) -> "EventQuerySet":
        """Entries not superseded by a correction.

        `NOT EXISTS` rather than Django's `LEFT JOIN ... IS NULL` for
        `superseded_by__isnull`: after ANALYZE, SQLite counts the NULLs of
        `supersedes_id` (almost every row) as one value, expects a lookup by it to
        match every event, and scans the table for each event instead (30 s for a
        child with 5,000 events). A correlated lookup can only use the index.
        """
        return self.filter(~models.Exists(Event.objects.filter(supersedes=models.OuterRef("pk"))))

    def visible_to(self, user) -> "EventQuerySet":
        from fullpicture.core import access

        return access.events_visible_to(user, self)


class Event(BaseModel):
    """A significant event, as the recording agency stated it.

    A wrong entry is never edited: a correction is a new Event that supersedes
    it (`supersedes`), with a reason, and the original stays readable.
    """

    # Indexes are few on purpose: every one is paid for on each imported row.
    # (agency, source_ref, version) is unique, which also serves lookups by agency.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    source_ref = models.CharField(max_length=100, help_text="The agency's own id for the event")
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(blank=True)

    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    subject = models.ForeignKey(  # served by the (subject, occurred_on) index
        PersonRecord, on_delete=models.PROTECT, related_name="events_as_subject", db_index=False
    )
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    recorded_on = models.DateField()
    summary = models.CharField(max_length=1000)
    detail = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    explanation_consistent = models.BooleanField(null=True, blank=True)
    child_seen = models.CharField(max_length=16, choices=ChildSeen.choices, blank=True)
    child_voice = models.TextField(blank=True)
    action = models.TextField(blank=True)
    referred_to = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=32, blank=True)
    category = models.CharField(max_length=32, blank=True)
    attendance_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    period_from = models.DateField(null=True, blank=True)
    placement_type = models.CharField(max_length=32, blank=True)
    out_of_area = models.BooleanField(null=True, blank=True)
    plan_covers = models.JSONField(default=list, blank=True)
    review_by = models.DateField(null=True, blank=True)
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    significance = models.CharField(
        max_length=16, choices=Significance.choices, default=Significance.SIGNIFICANT
    )
    sensitivity = models.CharField(
        max_length=16, choices=Sensitivity.choices, default=Sensitivity.NORMAL
    )
    recorded_by = models.CharField(max_length=300, blank=True, help_text="Name and role")

    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_entered",
        db_index=False,
        help_text="The FullPicture user who entered it; empty when it came in an extract",
    )
    import_batch = models.ForeignKey(
        "ingest.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
    )
    row_hash = models.CharField(max_length=32, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-occurred_time"]
        indexes = [
            models.Index(fields=["subject", "occurred_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_ref", "version"], name="event_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__isnull=True) | models.Q(stage__gte=1, stage__lte=4),
                name="event_stage_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(attendance_percent__isnull=True)
                | models.Q(attendance_percent__gte=0, attendance_percent__lte=100),
                name="event_attendance_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.event_type_id} ({self.agency.code}:{self.source_ref})"


class EventInvolvement(models.Model):
    """Someone other than the subject involved in an event, and in what role."""

    id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(  # served by the unique (event, record, role)
        Event, on_delete=models.PROTECT, related_name="involvements", db_index=False
    )
    record = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(max_length=24, choices=InvolvementRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "record", "role"], name="involvement_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.role} in {self.event_id}"
