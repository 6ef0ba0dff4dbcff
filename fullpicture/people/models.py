"""People, and each agency's own record of them.

A `Person` is one human being as FullPicture understands it. Each agency holds
its own `PersonRecord` (its local id, the name and date of birth it knows);
records of the same human are attached to one Person. Events and relationships
point at records, never at persons, so that a wrong link can be undone and
every event goes back where it came from.
"""

from django.db import models
from django.db.models import Q

from fullpicture.core.models import Agency, BaseModel


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known or recorded as neither"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PersonQuerySet":
        from fullpicture.core import access

        return access.people_visible_to(user, self)


class Person(BaseModel):
    """One human being, with a summary of what their agency records say."""

    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    birth_date = models.DateField(null=True, blank=True, db_index=True)
    birth_date_approximate = models.BooleanField(default=False)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    deceased_on = models.DateField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name or f"Person {self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


class PersonRecord(BaseModel):
    """An agency's own record of a person, as its last extract or entry stated it."""

    # (agency, local_id) is unique, which also serves lookups by agency.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="person_records", db_index=False
    )
    local_id = models.CharField(max_length=100)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records")
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    other_names = models.TextField(
        blank=True, help_text="Previous or alternative names, ;-separated"
    )
    birth_date = models.DateField(null=True, blank=True)
    birth_date_approximate = models.BooleanField(default=False)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    upn = models.CharField(max_length=13, blank=True, db_index=True)
    postcode = models.CharField(max_length=8, blank=True)
    address = models.CharField(max_length=500, blank=True)
    address_from = models.DateField(null=True, blank=True)
    deceased_on = models.DateField(null=True, blank=True)
    recorded_on = models.DateField()
    row_hash = models.CharField(max_length=32, blank=True)
    import_batch = models.ForeignKey(
        "ingest.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person_records",
        db_index=False,
    )

    class Meta:
        ordering = ["agency__name", "local_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "local_id"], name="person_record_unique_local_id"
            )
        ]

    def __str__(self) -> str:
        name = " ".join(p for p in (self.given_name, self.family_name) if p)
        return f"{name} ({self.agency.code}:{self.local_id})"


class IdentifierScheme(models.TextChoices):
    NHS_NUMBER = "nhs", "NHS number"
    UPN = "upn", "Unique pupil number"
    TEMPORARY_UPN = "upn_temporary", "Temporary unique pupil number"
    LOCAL = "local", "Agency's own id"


class Identifier(models.Model):
    """An identifier of a person, with the agency record that states it."""

    id = models.BigAutoField(primary_key=True)
    record = models.ForeignKey(  # served by the unique (record, scheme, value)
        PersonRecord, on_delete=models.PROTECT, related_name="identifiers", db_index=False
    )
    scheme = models.CharField(max_length=16, choices=IdentifierScheme.choices)
    value = models.CharField(max_length=100)

    class Meta:
        ordering = ["scheme", "value"]
        indexes = [models.Index(fields=["scheme", "value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "scheme", "value"], name="identifier_unique_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.value}"


class Address(models.Model):
    """Where an agency's record says a person lived, from when. Appended as addresses change."""

    id = models.BigAutoField(primary_key=True)
    record = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="addresses")
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    address = models.CharField(max_length=500, blank=True)
    from_date = models.DateField(null=True, blank=True)
    recorded_on = models.DateField()

    class Meta:
        ordering = ["-recorded_on"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(p for p in (self.address, self.postcode) if p)


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    PARTNER = "partner", "Partner"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    GODPARENT = "godparent", "Godparent"
    CARER = "carer", "Carer"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    EX_PARTNER = "ex_partner", "Ex-partner"
    OTHER_RELATIVE = "other_relative", "Other relative"
    FRIEND = "friend", "Friend"


SYMMETRIC_RELATIONSHIPS = frozenset(
    {
        RelationshipKind.PARTNER,
        RelationshipKind.EX_PARTNER,
        RelationshipKind.SIBLING,
        RelationshipKind.HALF_SIBLING,
        RelationshipKind.HOUSEHOLD_MEMBER,
        RelationshipKind.OTHER_RELATIVE,
        RelationshipKind.FRIEND,
    }
)

# How a directed relationship reads from the other end: "A parent B" is "B child of A".
INVERSE_LABELS = {
    RelationshipKind.PARENT: "Child",
    RelationshipKind.STEP_PARENT: "Step-child",
    RelationshipKind.GRANDPARENT: "Grandchild",
    RelationshipKind.GODPARENT: "Godchild",
    RelationshipKind.CARER: "Cared for",
}


class Relationship(BaseModel):
    """How an agency says two of its person records are connected, and when."""

    agency = models.ForeignKey(  # served by the unique (agency, key)
        Agency, on_delete=models.PROTECT, related_name="relationships", db_index=False
    )
    from_record = models.ForeignKey(
        PersonRecord, on_delete=models.PROTECT, related_name="relationships_from"
    )
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    to_record = models.ForeignKey(
        PersonRecord, on_delete=models.PROTECT, related_name="relationships_to"
    )
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)
    parental_responsibility = models.BooleanField(null=True, blank=True)
    recorded_on = models.DateField()
    key = models.CharField(
        max_length=300, help_text="from|kind|to|from_date, symmetric kinds in a fixed order"
    )
    row_hash = models.CharField(max_length=32, blank=True)
    import_batch = models.ForeignKey(
        "ingest.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["from_date"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="relationship_unique_key"),
            models.CheckConstraint(
                condition=Q(to_date__isnull=True)
                | Q(from_date__isnull=True)
                | Q(to_date__gte=models.F("from_date")),
                name="relationship_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_record_id} {self.kind} {self.to_record_id}"
