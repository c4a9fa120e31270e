"""``{% icon "name" "extra classes" %}``: a Bootstrap Icon drawn as inline SVG, decorative (hidden from assistive tech).

The icons come from the sprite ``npm run build`` writes to static/vendor/bootstrap-icons/icons.svg: one ``<symbol>``
for each icon a template names in this tag (scripts/build-assets.js reads the templates), so a page carries only the
icons it shows, with no icon font and no extra request. Name an icon as a literal string, then run ``npm run build``.
"""

import functools
import os
import re

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

SPRITE = "vendor/bootstrap-icons/icons.svg"
SYMBOL = re.compile(r'<symbol id="(?P<name>[a-z0-9-]+)" viewBox="(?P<view_box>[^"]+)">(?P<body>.*?)</symbol>')


def sprite_symbols() -> dict[str, tuple[str, str]]:
    """Each icon of the built sprite: its view box and its drawing (paths from the bootstrap-icons package)."""
    path = finders.find(SPRITE)
    if path is None:
        raise template.TemplateSyntaxError(f"{SPRITE} is missing: run `npm run build`.")
    return read_sprite(path, os.stat(path).st_mtime_ns)  # read again after a rebuild, without a restart


@functools.lru_cache(maxsize=1)
def read_sprite(path: str, modified: int) -> dict[str, tuple[str, str]]:
    with open(path, encoding="utf-8") as sprite:
        return {match["name"]: (match["view_box"], match["body"]) for match in SYMBOL.finditer(sprite.read())}


@register.simple_tag
def icon(name: str, classes: str = ""):
    try:
        view_box, body = sprite_symbols()[name]
    except KeyError:
        raise template.TemplateSyntaxError(f"Icon {name!r} is not in {SPRITE}: run `npm run build`.") from None
    return format_html(
        '<svg class="{}" viewBox="{}" aria-hidden="true" focusable="false">{}</svg>',
        f"bi bi-{name} {classes}".strip(),
        view_box,
        # The drawing comes from the bootstrap-icons package, copied at build time: no user input.
        mark_safe(body),  # nosec B308 B703
    )
