from django.core.management.base import BaseCommand

from matching.enums import RoutingTrigger
from matching.management.progress import progress_bar
from matching.services.routing import pending_route


class Command(BaseCommand):
    help = (
        "Route again what waits: submitted requests whose routing task was lost, unrouted requests and mentor "
        "applications; first send the first e-mails (tracking link, parent consent) a lost task left unsent. "
        "What beat runs every two minutes. Prints what it would do; acts only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really send and route")

    def handle(self, *args, wet_run=False, **options):
        with progress_bar(desc="routing", unit="items") as progress:
            report = pending_route(trigger=RoutingTrigger.SWEEP, wet_run=wet_run, progress=progress)
        if wet_run:
            self.stdout.write(
                f"sent: {report['first_links']} tracking link(s), {report['parent_consent_asks']} parent consent "
                f"request(s); routed again: {report['stuck']} stuck request(s), {report['unrouted']} unrouted "
                f"request(s), {report['unrouted_mentors']} unrouted mentor(s): {report['requests']} request(s) and "
                f"{report['mentors']} mentor(s) got an association"
            )
        else:
            self.stdout.write(
                f"would send (dry run; add --wet-run to act): {report['first_links']} tracking link(s), "
                f"{report['parent_consent_asks']} parent consent request(s); would route again: {report['stuck']} "
                f"stuck request(s), {report['unrouted']} unrouted request(s), {report['unrouted_mentors']} "
                "unrouted mentor(s) (each gets an association if one can take it now)"
            )
