from django.core.management.base import BaseCommand

from matching.services.follow_up_jobs import coordinators_digest_send


class Command(BaseCommand):
    help = (
        "E-mail the coordinators' digest (new requests and mentor applications of the last 24 hours, pairs gone "
        "silent): one per staff member, association and day. What beat runs every morning. Prints what it would "
        "do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really send")

    def handle(self, *args, wet_run=False, **options):
        count = coordinators_digest_send(wet_run=wet_run)
        verb = "sent" if wet_run else "would send (dry run; add --wet-run to act)"
        self.stdout.write(f"{verb}: {count} digest(s)")
