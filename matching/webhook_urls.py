"""Where a webhook may be sent: a public https address, never the platform's own network (no request forgery).

A subscription's address is checked when it is saved (``webhook_url_check``, from the form) and again at each
delivery (``webhook_post``): the host's name is resolved, every address it resolves to must be public, and the
connection is made to one of those checked addresses (a name that resolves elsewhere a moment later gains nothing).
Redirects are never followed: an answer 3xx is a failed delivery like any other non-2xx answer.

``WEBHOOK_ALLOW_HTTP`` lets plain http through (DEBUG, the tests); ``WEBHOOK_ALLOWED_NETWORKS`` lets addresses of
these networks through (the tests' local receiver): both stay off in production.
"""

import http.client
import ipaddress
import socket
import ssl
import urllib.parse

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Prefixes that carry an IPv4 address inside an IPv6 one (NAT64): the IPv4 address is the one that is reached.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


class UnsafeWebhookUrl(ValueError):
    """An address webhooks may not be sent to; ``message`` says why, for the person who typed it."""

    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message, self.code = message, code


def address_is_public(address: str) -> bool:
    """Whether an IP address (as getaddrinfo gives it, maybe with an IPv6 zone) may be reached by a webhook: not
    loopback, private, link-local, multicast, reserved, unspecified nor shared, nor an IPv6 form of such an IPv4
    address (mapped, 6to4, Teredo, NAT64)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if any(ip in ipaddress.ip_network(network) for network in settings.WEBHOOK_ALLOWED_NETWORKS):
        return True
    embedded = []
    if ip.version == 6:
        if ip.ipv4_mapped:
            embedded.append(ip.ipv4_mapped)
        if ip.sixtofour:
            embedded.append(ip.sixtofour)
        if ip.teredo:
            embedded.extend(ip.teredo)
        if ip in NAT64_PREFIX:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    for candidate in (ip, *embedded):
        if (
            candidate.is_loopback
            or candidate.is_private
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
            or not candidate.is_global
        ):
            return False
    return True


def webhook_url_parts(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an address webhooks may be sent to, or UnsafeWebhookUrl; nothing
    is resolved here."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise UnsafeWebhookUrl(_("Cette adresse n'est pas valide."), code="invalid") from error
    allowed = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme.lower() not in allowed:
        raise UnsafeWebhookUrl(_("L'adresse doit commencer par https://."), code="scheme")
    if parts.username is not None or parts.password is not None:
        raise UnsafeWebhookUrl(
            _(
                "L'adresse ne doit contenir ni identifiant ni mot de passe : "
                "votre outil vérifie la signature des événements."
            ),
            code="credentials",
        )
    host = urllib.parse.unquote(parts.hostname or "").rstrip(".")  # "%25" before an IPv6 zone, "%6c" for "l"
    if not host:
        raise UnsafeWebhookUrl(_("Cette adresse n'est pas valide."), code="invalid")
    scheme = parts.scheme.lower()
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, host, port or (443 if scheme == "https" else 80), path


def webhook_addresses(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, every one of them public; or UnsafeWebhookUrl."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise UnsafeWebhookUrl(
            _("Le serveur de cette adresse est introuvable : vérifiez l'adresse."), code="unresolved"
        ) from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses or not all(address_is_public(address) for address in addresses):
        raise UnsafeWebhookUrl(
            _(
                "Cette adresse mène à un réseau interne (adresse locale, privée ou réservée) : "
                "indiquez l'adresse publique de votre outil."
            ),
            code="private",
        )
    return addresses


def webhook_url_check(url: str) -> None:
    """The whole check of a subscription's address (scheme, credentials, what its host resolves to)."""
    _scheme, host, port, _path = webhook_url_parts(url)
    webhook_addresses(host, port)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to ``address`` (checked) for the host named in the URL (its Host header)."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to ``address`` (checked) whose certificate is verified for the host named in the URL."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def webhook_post(url: str, body: bytes, headers: dict, timeout: float) -> int:
    """POST ``body`` to ``url`` after checking it again; the answer's status. Raises UnsafeWebhookUrl (a refused
    address) or OSError (unreachable, timed out); a redirect is returned as its status, never followed."""
    scheme, host, port, path = webhook_url_parts(url)
    addresses = webhook_addresses(host, port)
    connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    connection, last_error = None, None
    for address in addresses:  # the first that accepts the connection; the body is sent once
        connection = connection_class(host, port, address=address, timeout=timeout)
        try:
            connection.connect()
            break
        except OSError as error:
            connection.close()
            connection, last_error = None, error
    if connection is None:
        raise OSError(f"no address of {host} accepted the connection: {last_error!r}")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except http.client.HTTPException as error:  # an answer that is not HTTP
        raise OSError(repr(error)) from error
    finally:
        connection.close()
