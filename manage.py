#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings.dev")
    # numpy's matrix products (the batch matcher's) on one thread, as in the web workers (mentoring/gunicorn_conf.py):
    # they are small, and a second OpenBLAS thread only waits for a core on a busy machine.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
