from django.core.management.base import BaseCommand

from matching.services.follow_up_retention import MENTORSHIP_RETENTION_MONTHS, mentorships_anonymise


class Command(BaseCommand):
    help = (
        f"Anonymise closed mentorships (completed or ended early) {MENTORSHIP_RETENTION_MONTHS} months after they "
        "ended: free text and links to people removed, anonymous statistics kept. What beat runs every night. "
        "Prints what it would do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really anonymise")

    def handle(self, *args, wet_run=False, **options):
        count = mentorships_anonymise(wet_run=wet_run)
        verb = "anonymised" if wet_run else "would anonymise (dry run; add --wet-run to act)"
        self.stdout.write(f"{verb}: {count} mentorship(s)")
