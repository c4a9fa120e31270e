from django.core.management.base import BaseCommand

from associations.services import ACCESS_LOG_RETENTION, access_records_purge


class Command(BaseCommand):
    help = (
        f"Delete the access log's entries older than {ACCESS_LOG_RETENTION.days} days. "
        "Prints what it would do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really delete")

    def handle(self, *args, wet_run=False, **options):
        count = access_records_purge(wet_run=wet_run)
        verb = "deleted" if wet_run else "would delete (dry run; add --wet-run to act)"
        self.stdout.write(f"{verb}: {count} access log entr{'y' if count == 1 else 'ies'} older than 12 months")
