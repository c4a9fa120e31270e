from django.core.management.base import BaseCommand

from matching.services.follow_up_jobs import SESSION_REMINDER_FROM_DAY, session_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the monthly reminder to mentors who have not logged a session this month (from the "
        f"{SESSION_REMINDER_FROM_DAY}th, once a month each): what beat runs every morning. Prints what it would do; "
        "acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really send")

    def handle(self, *args, wet_run=False, **options):
        count = session_reminders_send(wet_run=wet_run)
        verb = "sent" if wet_run else "would send (dry run; add --wet-run to act)"
        self.stdout.write(f"{verb}: {count} reminder(s)")
