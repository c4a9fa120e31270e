"""French postal codes and departments: which department a postal code belongs to, and department names."""

import re

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
}  # fmt: skip

DEPARTMENT_CHOICES = [(code, f"{code} - {name}") for code, name in DEPARTMENTS.items()]

_POSTAL_CODE = re.compile(r"^\d{5}$")


class UnknownPostalCode(ValueError):
    pass


def department_for_postal_code(postal_code: str) -> str:
    """The department code of a French postal code: "75001" → "75", "20000" → "2A", "97110" → "971".

    Raises UnknownPostalCode for anything that is not five digits of a department the scheme serves
    (e.g. "00000", Monaco's "98000", the overseas collectivities 98x).
    """
    code = (postal_code or "").strip()
    if not _POSTAL_CODE.match(code):
        raise UnknownPostalCode(code)
    if code.startswith("97"):
        department = code[:3]
    elif code.startswith("20"):
        # Corsica: 200xx to 201xx is Corse-du-Sud, 202xx and above Haute-Corse.
        department = "2A" if int(code) < 20200 else "2B"
    else:
        department = code[:2]
    if department not in DEPARTMENTS:
        raise UnknownPostalCode(code)
    return department


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
}
DEPARTMENT_REGION = {department: region for region, departments in REGIONS.items() for department in departments}
