"""``{% form_fields form %}``: a form's fields in Bootstrap's markup, the markup crispy gives them (label, control,
help text, errors), written out here for the forms of the busiest pages: a request's page (the staff's actions) and a
mentor's space (a session form for each pairing).

crispy renders each field through a dozen nested templates, and Django's widgets through several more: about 0.5 ms
a field, 2.5 to 3.5 ms for the five fields of the session form, so that the forms were a third of those pages'
processor time at national scale (bench/pages.py). Written out, a field takes a few tens of microseconds.

Selects, text areas and single-line inputs are written out; any other widget (a checkbox, a radio list) goes
through crispy (``as_crispy_field``), as do the forms of the other pages.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms import widgets
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

register = template.Library()

WRITTEN_INPUTS = {"text", "date", "number", "email", "search", "url", "tel"}


@register.simple_tag
def form_fields(form) -> str:
    """The form's errors that belong to no field, its hidden fields, then each visible field."""
    parts = []
    if form.non_field_errors():
        parts.append(
            format_html(
                '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                format_html_join("", "<li>{}</li>", ((error,) for error in form.non_field_errors())),
            )
        )
    parts.extend(str(field) for field in form.hidden_fields())
    parts.extend(form_field(field) for field in form.visible_fields())
    return format_html_join("", "{}", ((part,) for part in parts))


def form_field(field) -> str:
    """One visible field: its label, its control, its help text and its errors."""
    widget = field.field.widget
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        control = _select(field, widget)
    elif isinstance(widget, forms.Textarea):
        control = _textarea(field, widget)
    elif isinstance(widget, widgets.Input) and widget.input_type in WRITTEN_INPUTS:
        control = _input(field, widget)
    else:
        return as_crispy_field(field)
    field_id = field.auto_id
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        format_html('<span class="{}">*</span>', "asteriskField") if required else "",
    )
    help_text = format_html('<div id="{}_helptext" class="form-text">{}</div>', field_id, field.help_text)
    errors = format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((number, field_id, error) for number, error in enumerate(field.errors, start=1)),
        ),
    )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field_id,
        label,
        control,
        help_text if field.help_text else "",
        errors if field.errors else "",
    )


def _attrs(field, widget, css: str) -> dict:
    """The control's attributes, as Django's widget would write them, with Bootstrap's class and the state of its
    validation for assistive technologies."""
    attrs = field.build_widget_attrs(dict(widget.attrs))
    attrs["class"] = " ".join(filter(None, [attrs.get("class", ""), css, "is-invalid" if field.errors else ""]))
    attrs["name"] = field.html_name
    if field.auto_id:
        attrs["id"] = field.auto_id
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_helptext"
    return attrs


def _input(field, widget) -> str:
    attrs = _attrs(field, widget, "form-control")
    attrs["type"] = widget.input_type
    value = widget.format_value(field.value())
    if value is not None:
        attrs["value"] = value
    return format_html("<input{}>", flatatt(attrs))


def _textarea(field, widget) -> str:
    value = widget.format_value(field.value())
    return format_html("<textarea{}>\n{}</textarea>", flatatt(_attrs(field, widget, "form-control")), value or "")


def _select(field, widget) -> str:
    options = []
    for group, choices, _index in widget.optgroups(field.html_name, widget.format_value(field.value())):
        written = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option["value"], " selected" if option["selected"] else "", option["label"]) for option in choices),
        )
        options.append(format_html('<optgroup label="{}">{}</optgroup>', group, written) if group else written)
    return format_html(
        "<select{}>{}</select>",
        flatatt(_attrs(field, widget, "form-select")),
        format_html_join("", "{}", ((written,) for written in options)),
    )
