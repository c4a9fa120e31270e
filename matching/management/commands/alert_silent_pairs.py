from matching.management.job import JobCommand
from matching.services.follow_up_jobs import silent_pairs_alert


class Command(JobCommand):
    help = (
        "Pairs without a session for 45 days get an alert and their mentor an e-mail; 60 days, escalated to the "
        "association's admins. Each event once, however many runs. What beat runs every morning. Prints what it would"
        " do; acts only with --wet-run."
    )
    job = staticmethod(silent_pairs_alert)
