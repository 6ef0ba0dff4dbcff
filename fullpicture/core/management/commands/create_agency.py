from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fullpicture.core.models import Agency, AgencyKind


class Command(BaseCommand):
    help = "Create (or rename) an agency: fullpicture create-agency CODE --kind KIND --name NAME"

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--kind", required=True, choices=AgencyKind.values)
        parser.add_argument("--name", required=True)

    @transaction.atomic
    def handle(self, code, kind, name, **options):
        agency = Agency(code=code, kind=kind, name=name)
        try:
            agency.full_clean(
                exclude=["id", "code"] if Agency.objects.filter(code=code).exists() else ["id"]
            )
        except Exception as error:
            raise CommandError(str(error)) from None
        agency, created = Agency.objects.update_or_create(
            code=code, defaults={"kind": kind, "name": name}
        )
        self.stdout.write(
            f"{'Created' if created else 'Updated'} {agency} ({agency.get_kind_display()})"
        )
