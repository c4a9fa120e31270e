from django.core.management.base import BaseCommand

from matching.services import UNCONFIRMED_REQUEST_RETENTION, requests_purge_unconfirmed


class Command(BaseCommand):
    help = (
        f"Delete youth requests still waiting for a parent's consent after {UNCONFIRMED_REQUEST_RETENTION.days} days. "
        "Prints what it would do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really delete")

    def handle(self, *args, wet_run=False, **options):
        count = requests_purge_unconfirmed(wet_run=wet_run)
        verb = "deleted" if wet_run else "would delete (dry run; add --wet-run)"
        self.stdout.write(f"{verb} {count} request(s) awaiting parent consent for over 30 days")
