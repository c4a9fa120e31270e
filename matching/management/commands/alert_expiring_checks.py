from matching.management.job import JobCommand
from matching.services.follow_up_jobs import checks_expiring_alert


class Command(JobCommand):
    help = (
        "Mentors paired with a minor whose background check expires within 30 days get an alert and an e-mail. Each "
        "event once, however many runs. What beat runs every morning. Prints what it would do; acts only with --wet-"
        "run."
    )
    job = staticmethod(checks_expiring_alert)
