"""A record of each extract imported: what came in, from whom, and what it changed."""

from django.conf import settings
from django.db import models

from fullpicture.core.models import Agency, BaseModel


class ImportBatch(BaseModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="imports")
    source_name = models.CharField(max_length=500, help_text="File or folder name of the extract")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    process = models.CharField(max_length=100, default="import-extract")
    people_created = models.PositiveIntegerField(default=0)
    people_changed = models.PositiveIntegerField(default=0)
    relationships_created = models.PositiveIntegerField(default=0)
    relationships_changed = models.PositiveIntegerField(default=0)
    events_created = models.PositiveIntegerField(default=0)
    events_corrected = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.agency.code} {self.source_name} at {self.created_at:%Y-%m-%d %H:%M}"
