"""The REST API's door: an association's API key (``Authorization: Bearer <key>``), what it may do, how often.

Each call looks its key up by hash, so a revoked key stops working at once. The call acts for the key's association
(``request.auth.association``), as the staff member who created the key (``request.user``, in the logs).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from .models import ApiKey
from .selectors import api_key_for_token
from .services import api_key_used

KEYWORD = "Bearer"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("En-tête Authorization invalide : « Bearer <clé> »."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Clé d'API invalide.")) from error
        key = api_key_for_token(token=token)
        if key is None:
            raise exceptions.AuthenticationFailed(_("Clé d'API inconnue ou révoquée."))
        api_key_used(key=key)
        return key.created_by, key

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class ApiKeyPermission(permissions.BasePermission):
    """A call with an association's key; a read-only key reads only."""

    message = _("Cette clé d'API est en lecture seule.")

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiKey):
            raise exceptions.NotAuthenticated(_("Une clé d'API est nécessaire : « Authorization: Bearer <clé> »."))
        return request.method in permissions.SAFE_METHODS or not request.auth.read_only


class ApiKeyThrottle(throttling.SimpleRateThrottle):
    """Calls per key, counted in the cache (DRF's throttling). The cache fails open (mentoring/cache.py): with Redis
    down, the count reads as empty and every call goes through."""

    scope = "api_key"

    def get_rate(self):
        return settings.API_RATE_PER_KEY

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "associations.api.ApiKeyAuthentication"
    name = "associationKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An association's API key."}
