"""Progress of the long commands, drawn by tqdm on a terminal only: piped, run by cron or called from tests, the
commands print their report alone."""

import contextlib

from tqdm import tqdm


@contextlib.contextmanager
def progress_bar(*, desc: str, unit: str):
    """A bar fed by the ``progress(done, total)`` callback that services such as ``batch_plan`` and
    ``requests_purge`` take; yields that callback."""
    with tqdm(desc=desc, unit=f" {unit}", disable=None, leave=False) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield progress
