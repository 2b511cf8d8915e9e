"""`manage.py load_org [FILE]`: upsert the organisation tree from a CSV file, all or nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from crmplus.core.services import org_load_file

BUNDLED_ORG_CSV = Path(__file__).resolve().parents[2] / "data" / "org_units.csv"


class Command(BaseCommand):
    help = (
        "Load (upsert by code) the organisation tree from a CSV file with the columns "
        "code,parent_code,kind,office_class,name_th,name_en. Without FILE, the bundled "
        "PEA tree is loaded. A file with any bad row stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default=str(BUNDLED_ORG_CSV), help="CSV file (UTF-8)"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = org_load_file(path=path)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text ({exc.reason})") from exc
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{path}: {len(exc.messages)} error(s); nothing was stored") from exc
        self.stdout.write(
            f"{path.name}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
