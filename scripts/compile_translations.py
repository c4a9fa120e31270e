"""Compile the project's .po catalogues (locale/<lang>/LC_MESSAGES/*.po) into .mo files.

Pure Python (polib), so a fresh machine needs no GNU gettext to build the platform. Fuzzy entries are left
out of the .mo, as msgfmt does.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    catalogues = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))
    for po_path in catalogues:
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue.fuzzy_entries():
            catalogue.remove(entry)
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT)} ({catalogue.percent_translated()}% translated)")
    return 0 if catalogues else 1


if __name__ == "__main__":
    sys.exit(main())
