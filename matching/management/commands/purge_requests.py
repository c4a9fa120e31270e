from django.core.management.base import BaseCommand

from matching.management.progress import progress_bar
from matching.services.requests import CLOSED_REQUEST_RETENTION, UNCONFIRMED_REQUEST_RETENTION, requests_purge


class Command(BaseCommand):
    help = (
        f"Delete youth requests past their retention period: awaiting a parent's consent for over "
        f"{UNCONFIRMED_REQUEST_RETENTION.days} days, withdrawn for over {CLOSED_REQUEST_RETENTION.days} days. "
        "Prints what it would do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really delete")

    def handle(self, *args, wet_run=False, **options):
        with progress_bar(desc="deleting", unit="requests") as progress:
            report = requests_purge(wet_run=wet_run, progress=progress)
        verb = "deleted" if wet_run else "would delete (dry run; add --wet-run to act)"
        self.stdout.write(
            f"{verb}: {report['unconfirmed']} request(s) never confirmed by a parent, "
            f"{report['closed']} withdrawn request(s)"
        )
