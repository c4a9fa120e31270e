"""CSV for spreadsheets, streamed: UTF-8 with a byte order mark (Excel then reads the accents), semicolons (the list
separator of French spreadsheets), and no cell a spreadsheet would run as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's
advice against CSV injection): the spreadsheet shows it as text instead of evaluating it.
"""

import csv
from collections.abc import Iterable, Iterator

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 500  # rows joined into one piece of the streamed response


def safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


class _Line:
    """A file-like object whose write returns the line, so that csv.writer yields text (Django's documented way)."""

    def write(self, value: str) -> str:
        return value


def csv_stream(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> Iterator[str]:
    """The CSV text of ``headers`` then ``rows`` (cells already turned into strings), in pieces of a few hundred rows;
    rows are read as the response is sent, so memory stays flat whatever their number."""
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow([safe_cell(str(header)) for header in headers])
    chunk = []
    for row in rows:
        chunk.append(writer.writerow([safe_cell(cell) for cell in row]))
        if len(chunk) >= ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
