"""Every error of the API in one documented shape: RFC 9457 problem details (``application/problem+json``).

DRF's exception handler answers first (its status codes, headers such as ``WWW-Authenticate`` and ``Retry-After``);
the body is then reshaped. A refused action (``DomainError``) is a 409 whose ``code`` is the service's.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from mentoring.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("Requête invalide"),
    401: _("Authentification requise"),
    403: _("Action non autorisée"),
    404: _("Introuvable"),
    405: _("Méthode non autorisée"),
    406: _("Format non disponible"),
    409: _("Action refusée dans l'état actuel"),
    415: _("Format de contenu non pris en charge"),
    429: _("Trop de requêtes"),
}


def problem(*, status_code: int, detail: str, code: str, instance: str = "", errors=None, headers=None) -> Response:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Erreur"))),
        "status": status_code,
        "detail": str(detail),
        "code": code,
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: DRF's answer reshaped as a problem; a DomainError is a 409."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, DomainError):
        return problem(status_code=status.HTTP_409_CONFLICT, detail=exc.message, code=exc.code, instance=instance)
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a real server error, left to Django
    if isinstance(exc, exceptions.ValidationError):
        detail, code, errors = _("Certaines valeurs envoyées ne sont pas valides."), "invalid", response.data
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
    elif isinstance(exc, Http404):
        detail, code, errors = _("Introuvable."), "not_found", None
    elif isinstance(exc, exceptions.APIException):
        detail, code, errors = exc.detail, exc.get_codes(), None
        if not isinstance(code, str):
            code = "error"
    else:
        detail, code, errors = _("Erreur."), "error", None
    headers = {name: value for name, value in response.headers.items() if name in ("WWW-Authenticate", "Retry-After")}
    return problem(
        status_code=response.status_code, detail=detail, code=code, instance=instance, errors=errors, headers=headers
    )


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "For programs: the refusal's code (e.g. transition_not_allowed)."},
        "instance": {"type": "string"},
        "errors": {"type": "object", "description": "Invalid fields, each with its messages (400 only)."},
    },
    "required": ["type", "title", "status", "detail", "code"],
}
DOCUMENTED_ERRORS = {
    "400": "Invalid values (the `errors` member says which).",
    "401": "No API key, an unknown one or a revoked one.",
    "403": "A read-only key asked for a change.",
    "404": "Not found in the key's association (another association's ids answer the same).",
    "405": "Method not allowed.",
    "406": "Not acceptable (the API answers JSON only).",
    "409": "The action is refused in the current state (`code` says why).",
    "415": "Unsupported media type (send JSON).",
    "429": "Too many calls with this key (see Retry-After).",
}


def problem_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: the problem schema, and the errors every operation may answer."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in DOCUMENTED_ERRORS.items():
                responses.setdefault(code, {"description": description, "content": content})
    return result
