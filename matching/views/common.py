"""What the views share: answering a secret link privately, and telling an htmx request."""

# "same-origin", not "no-referrer": the token never reaches another site, and the page's own forms keep an Origin
# header that Django's CSRF check accepts (with no-referrer, browsers send "Origin: null").
PRIVATE_LINK_HEADERS = {"Referrer-Policy": "same-origin", "X-Robots-Tag": "noindex, nofollow"}


def private_link_response(response):
    """Pages reached through a secret link: never indexed or leaked to other sites through the Referer."""
    for header, value in PRIVATE_LINK_HEADERS.items():
        response[header] = value
    return response


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"
