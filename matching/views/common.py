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


class PageWithoutTotal:
    """A page of a list read with one query and no count: ``per_page`` rows and one more, which tells whether a next
    page exists. For lists whose total would cost as much as the whole list (the pairs gone silent: each pair's last
    session is looked up); the template's pagination then says "Page N" without "of M". Used as Django's ``Page``."""

    paginator = None  # no total, no number of pages

    def __init__(self, queryset, per_page: int, number):
        try:
            self.number = max(1, int(number))
        except (TypeError, ValueError):
            self.number = 1
        offset = (self.number - 1) * per_page
        rows = list(queryset[offset : offset + per_page + 1])
        self.object_list = rows[:per_page]
        self._more = len(rows) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1
