"""``{% form_fields %}`` writes a form out as crispy would (Bootstrap's markup): labels tied to their controls, the
values typed kept, each error by its field and announced to screen readers, everything escaped."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template

from matching.forms.follow_up import SessionLogForm


class Sample(forms.Form):
    name = forms.CharField(label="Nom", max_length=20, help_text="Tel qu'il figure sur la carte")
    when = forms.DateField(label="Date", widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(label="Type", choices=[("a", "Alpha"), ("Groupe", [("b", "Bêta"), ("c", "<Gamma>")])])
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea({"rows": 2}))
    agree = forms.BooleanField(label="J'accepte")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Tout le formulaire est à revoir.")


class Controls(HTMLParser):
    """Each element with an id: its tag and attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, tuple[str, dict]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.by_id[attrs["id"]] = (tag, attrs)


def render(form) -> str:
    return Template("{% load form_fields %}{% form_fields form %}").render(Context({"form": form}))


def test_an_empty_form_is_written_with_labels_tied_to_bootstrap_controls():
    html = render(Sample())
    controls = Controls(html).by_id

    assert controls["id_name"] == (
        "input",
        {"type": "text", "name": "name", "id": "id_name", "class": "form-control", "maxlength": "20",
         "required": None, "aria-describedby": "id_name_helptext"},
    )  # fmt: skip
    assert controls["id_when"][1]["type"] == "date"
    assert controls["id_kind"][0] == "select"
    assert controls["id_kind"][1]["class"] == "form-select"
    assert controls["id_note"][0] == "textarea"
    assert controls["id_note"][1]["rows"] == "2"
    assert (
        '<label for="id_name" class="form-label requiredField">Nom<span class="asteriskField">*</span></label>' in html
    )
    assert '<label for="id_note" class="form-label">Note</label>' in html
    assert '<div id="id_name_helptext" class="form-text">Tel qu&#x27;il figure sur la carte</div>' in html
    assert '<optgroup label="Groupe"><option value="b">Bêta</option><option value="c">&lt;Gamma&gt;</option>' in html
    assert 'type="hidden" name="secret"' in html
    assert 'type="checkbox" name="agree"' in html  # a widget it does not write goes through crispy
    assert "invalid-feedback" not in html
    assert "alert-danger" not in html


def test_a_rejected_form_keeps_what_was_typed_and_ties_each_error_to_its_field():
    form = Sample({"name": '"><script>x</script>', "when": "demain", "kind": "c", "note": "</textarea>ok"})
    assert not form.is_valid()

    html = render(form)
    controls = Controls(html).by_id

    assert controls["id_when"][1]["value"] == "demain"
    assert controls["id_when"][1]["aria-invalid"] == "true"
    assert controls["id_when"][1]["aria-describedby"] == "id_when_error"
    assert "is-invalid" in controls["id_when"][1]["class"]
    assert controls["id_when_error"][0] == "div"
    assert controls["id_name"][1]["value"] == '"><script>x</script>'  # escaped in the page, read back as typed
    assert "<script>" not in html
    assert "&lt;/textarea&gt;ok</textarea>" in html
    assert '<option value="c" selected>&lt;Gamma&gt;</option>' in html
    assert "Saisissez une date valide." in html
    assert (
        '<div class="alert alert-block alert-danger"><ul class="m-0"><li>Tout le formulaire est à revoir.</li>' in html
    )


@pytest.mark.parametrize("form", [SessionLogForm(prefix="session-7", initial={"mode": "home"}), Sample()])
def test_every_field_gets_a_control_and_one_label(form):
    html = render(form)

    for field in form.visible_fields():
        assert html.count(f'for="{field.id_for_label}"') == 1
        assert f'id="{field.auto_id}"' in html
