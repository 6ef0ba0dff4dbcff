"""Agencies, their users, and the audit trail that every read and write leaves."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from fullpicture.core.ids import uuid7


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation"
    VOLUNTARY = "voluntary", "Voluntary sector"
    COURT = "court", "Court"


class Agency(BaseModel):
    """An organisation that records events: a police force, a hospital trust, a school."""

    code = models.SlugField(
        max_length=32,
        unique=True,
        help_text="Short code used on the command line, e.g. TVP or OUH (letters, digits, - and _).",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_childrens_social_care(self) -> bool:
        return self.kind == AgencyKind.CHILDRENS_SOCIAL_CARE


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    MANAGER = "manager", "Manager"
    PARTNERSHIP = "partnership", "Safeguarding partnership"
    ADMIN = "admin", "Administrator"
    DATA_QUALITY = "data_quality", "Data quality"


class User(AbstractUser):
    """A professional. Belongs to one agency; what they may see follows from it and their role."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(agency__isnull=False),
                name="user_has_agency_unless_admin",
            )
        ]

    def __str__(self) -> str:
        who = self.get_full_name() or self.username
        return f"{who}, {self.agency.name}" if self.agency_id else who

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed"
    CREATE = "create", "Created"
    CORRECT = "correct", "Corrected"
    IMPORT = "import", "Imported"


class AuditEvent(models.Model):
    """One row per read or write of person data. Appended, never changed."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    process = models.CharField(
        max_length=100, blank=True, help_text="The named system process, when no user acted."
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    what = models.CharField(max_length=300, help_text="What was read or written, in words.")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["person", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | ~models.Q(process=""),
                name="audit_has_actor_or_process",
            )
        ]

    def __str__(self) -> str:
        who = self.actor or self.process
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.what}"


class Revision(models.Model):
    """What a record said before a later extract or edit changed it. Appended, never changed."""

    id = models.BigAutoField(primary_key=True)
    model = models.CharField(max_length=100, help_text="app_label.ModelName of the changed record")
    object_id = models.CharField(max_length=64, db_index=True)
    previous = models.JSONField()
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    import_batch = models.ForeignKey(
        "ingest.ImportBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id} before {self.replaced_at:%Y-%m-%d %H:%M}"
