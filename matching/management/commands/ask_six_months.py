from matching.management.job import JobCommand
from matching.services.follow_up_jobs import pairs_six_months_ask


class Command(JobCommand):
    help = (
        "Pairs six months in: the mentor and the youth are asked by e-mail to go on or close, the referent gets an "
        "alert. Each event once, however many runs. What beat runs every morning. Prints what it would do; acts only "
        "with --wet-run."
    )
    job = staticmethod(pairs_six_months_ask)
