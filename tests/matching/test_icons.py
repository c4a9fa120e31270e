"""Icons are inline SVG from the sprite `npm run build` makes of the icons the templates name: no icon font."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

from matching.templatetags.icons import sprite_symbols

ROOT = Path(__file__).resolve().parents[2]
ICON_TAG = re.compile(r"{%\s*icon\s+(\S+)")


def render(text: str) -> str:
    return Template("{% load icons %}" + text).render(Context())


def test_an_icon_is_drawn_inline_and_hidden_from_screen_readers():
    html = render('{% icon "search" "text-brand" %}')

    assert html.startswith('<svg class="bi bi-search text-brand" viewBox="0 0 16 16" aria-hidden="true"')
    assert "<path d=" in html
    assert html.endswith("</svg>")


def test_an_icon_missing_from_the_sprite_says_to_rebuild_it():
    with pytest.raises(TemplateSyntaxError, match="npm run build"):
        render('{% icon "no-such-icon" %}')


def test_every_icon_the_templates_name_is_in_the_sprite_and_only_those():
    named = set()
    for path in (ROOT / "templates").rglob("*.html"):
        for argument in ICON_TAG.findall(path.read_text()):
            assert re.fullmatch(r'"[a-z0-9-]+"', argument), f"{path}: name icons as literals, the build reads them"
            named.add(argument.strip('"'))

    assert named
    assert set(sprite_symbols()) == named


def test_templates_use_no_icon_font():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert "bootstrap-icons.min.css" not in text, path
        assert not re.search(r'class="bi bi-', text), f"{path}: use {{% icon %}}"
