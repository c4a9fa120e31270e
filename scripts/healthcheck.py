"""The web container's healthcheck: GET /healthz from inside the container, whatever ALLOWED_HOSTS says.

Django answers 400 to a Host it does not serve, so the request names the first ALLOWED_HOSTS entry (read from the
environment as the settings read it), as the TLS proxy would; it also says X-Forwarded-Proto: https, as the proxy
does, so that SECURE_SSL_REDIRECT does not answer with a redirect. Exit status 0 when the page answers "ok".
Usage: python scripts/healthcheck.py [URL]   (default http://127.0.0.1:8000/healthz)
"""

import http.client
import sys
import urllib.parse

import environ


def host_header(allowed_hosts: list[str]) -> str:
    """A Host that ALLOWED_HOSTS accepts: its first entry, a ".example.org" pattern as the domain itself."""
    first = allowed_hosts[0].strip() if allowed_hosts else "*"
    return "localhost" if first in ("", "*") else first.lstrip(".")


def main(url: str = "http://127.0.0.1:8000/healthz") -> int:
    allowed_hosts = environ.Env().list("ALLOWED_HOSTS", default=[])
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:  # the container's own web server, plain HTTP, nothing else
        print(f"unhealthy: not an http:// URL: {url}", file=sys.stderr)
        return 1
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=5)
    try:
        connection.request(
            "GET",
            parts.path or "/",
            headers={"Host": host_header(allowed_hosts), "X-Forwarded-Proto": "https"},
        )
        response = connection.getresponse()
        healthy = response.status == 200 and response.read().strip() == b"ok"
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
