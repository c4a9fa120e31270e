"""What the follow-up jobs' commands share: a dry run by default that prints each event the job would act on, and
--wet-run to act (what beat runs, through the job's task)."""

from django.core.management.base import BaseCommand


class JobCommand(BaseCommand):
    """A command over a job service ``job(*, wet_run) -> list[str]`` (one line per event, naming ids only)."""

    job = None

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="act (without it, print what would be done)")

    def handle(self, *args, wet_run=False, **options):
        lines = type(self).job(wet_run=wet_run)
        for line in lines:
            self.stdout.write(line)
        verb = "done" if wet_run else "would do (dry run; add --wet-run to act)"
        self.stdout.write(f"{verb}: {len(lines)} event(s)")
