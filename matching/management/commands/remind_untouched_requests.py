from matching.management.job import JobCommand
from matching.services.follow_up_jobs import requests_untouched_remind


class Command(JobCommand):
    help = (
        "Requests untouched for 7 days in an association's queue get an alert e-mailed to the coordinators; 14 days, "
        "to the admins. Each event once, however many runs. What beat runs every morning. Prints what it would do; "
        "acts only with --wet-run."
    )
    job = staticmethod(requests_untouched_remind)
