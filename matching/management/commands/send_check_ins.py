from django.core.management.base import BaseCommand

from matching.services.follow_up_check_ins import check_ins_send


class Command(BaseCommand):
    help = (
        "Ask the check-ins due (1, 3 and 6 months after a mentorship started) to the youth and the mentor: what beat "
        "runs every morning. Prints what it would do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really ask")

    def handle(self, *args, wet_run=False, **options):
        count = check_ins_send(wet_run=wet_run)
        verb = "asked" if wet_run else "would ask (dry run; add --wet-run to act)"
        self.stdout.write(f"{verb}: {count} mentorship(s) for their check-in")
