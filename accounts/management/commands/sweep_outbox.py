from django.core.management.base import BaseCommand

from accounts.services import SENT_EMAIL_RETENTION, email_outbox_sweep


class Command(BaseCommand):
    help = (
        "Send again the e-mails of the outbox whose task was lost, whose sending failed or whose worker died, and "
        f"delete sent or failed e-mails older than {SENT_EMAIL_RETENTION.days} days. What beat runs every five "
        "minutes. Prints what it would do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really send and delete")

    def handle(self, *args, wet_run=False, **options):
        report = email_outbox_sweep(wet_run=wet_run)
        verb = "" if wet_run else "would be (dry run; add --wet-run to act) "
        self.stdout.write(f"{verb}sent again: {report['resent']} e-mail(s); deleted: {report['purged']} old e-mail(s)")
