from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from associations.models import Association
from matching.management.progress import progress_bar
from matching.services.pairing import batch_apply, batch_plan


class Command(BaseCommand):
    help = (
        "Compute the best assignment of an association's accepted youths to its active mentors (min-cost flow) and "
        "print it, with greedy's total for comparison. Proposes the pairs only with --wet-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--association", required=True, help="the association's slug")
        parser.add_argument("--wet-run", action="store_true", help="create the proposals")
        parser.add_argument("--by", help="e-mail of the staff member the proposals are made by (logged)")

    def handle(self, *args, association, wet_run=False, by=None, **options):
        target = Association.objects.filter(slug=association).first()
        if target is None:
            raise CommandError(f"no association {association!r}")
        staff = User.objects.filter(email=by).first() if by else None
        if by and staff is None:
            raise CommandError(f"no user {by!r}")

        with progress_bar(desc="scoring", unit="youths") as progress:
            plan = batch_plan(association=target, progress=progress)
        for pair in plan.pairs:
            self.stdout.write(
                f"{pair.request.first_name} {pair.request.last_name[:1]}. (#{pair.request.pk}) -> "
                f"{pair.mentor.user.get_full_name()} (#{pair.mentor.pk})  {round(100 * pair.score)} %"
            )
        for request, reason in plan.unmatched:
            self.stdout.write(f"unmatched: {request.first_name} {request.last_name[:1]}. (#{request.pk}): {reason}")
        self.stdout.write(
            f"{len(plan.pairs)} pairs, total score {plan.total:.2f} (greedy {plan.greedy_total:.2f}, "
            f"{100 * plan.gain_over_greedy:+.1f} %), {len(plan.unmatched)} unmatched"
        )
        if not wet_run:
            self.stdout.write("dry run: nothing proposed (add --wet-run to propose these pairs)")
            return
        proposed, refused = batch_apply(pairs=plan.pairs, by=staff)
        for pair, code in refused:
            self.stdout.write(f"refused: #{pair.request.pk} -> #{pair.mentor.pk}: {code}")
        self.stdout.write(self.style.SUCCESS(f"{proposed} proposals made"))
