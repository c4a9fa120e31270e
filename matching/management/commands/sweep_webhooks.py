from django.core.management.base import BaseCommand

from matching.services.webhooks import webhook_deliveries_sweep


class Command(BaseCommand):
    help = (
        "Send again the webhook deliveries whose task was lost (never attempted, or a retry long overdue). What beat "
        "runs every five minutes. Prints what it would do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really send")

    def handle(self, *args, wet_run=False, **options):
        count = webhook_deliveries_sweep(wet_run=wet_run)
        if wet_run:
            self.stdout.write(f"sent again: {count} webhook delivery(ies)")
        else:
            self.stdout.write(f"would send again (dry run; add --wet-run to act): {count} webhook delivery(ies)")
