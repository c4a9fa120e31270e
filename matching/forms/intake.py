"""Intake forms: validation only. What happens to valid data is the services' business."""

import copy

from allauth.account.forms import SignupForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from associations.geography import UnknownPostalCode, department_for_postal_code

from .. import consent
from ..enums import (
    Availability,
    Axis,
    Language,
    MeetingMode,
    MentorType,
    Need,
    Sector,
    Situation,
    Skill,
    WithdrawReason,
)
from ..validators import InvalidPhoneNumber, age_on, normalize_phone, validate_person_name


def _clone(obj):
    """A shallow copy, without the generic (``__reduce_ex__``) path of ``copy.copy``."""
    clone = object.__new__(type(obj))
    clone.__dict__.update(obj.__dict__)
    return clone


class CheapCopyMixin:
    """Django deep-copies every declared field, with its widget, for each form instance: for these long public
    forms that is a good part of handling a submission. This makes the copy Django's ``Field.__deepcopy__`` makes
    (its own widget, widget attributes, error messages and validators) more cheaply, and shares the choices, which
    are constants here, instead of copying them."""

    def __deepcopy__(self, memo):
        result = _clone(self)
        memo[id(self)] = result
        result.widget = _clone(self.widget)
        result.widget.attrs = self.widget.attrs.copy()
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result


class _SharedWhenCopied(dict):
    """The declared fields as ``BaseForm.__init__`` sees them for a bound form: its "deep copy" shares them."""

    def __deepcopy__(self, memo):
        return dict(self)


class ValidateWithDeclaredFieldsMixin:
    """For a form posted far more often than it is shown again (the public request form).

    Django copies every declared field for each form instance, so that changing one instance's fields never
    reaches another. Cleaning changes nothing in a field, so a bound form cleans with the declared fields
    themselves; anything else that asks for one of its fields (rendering: crispy-forms writes CSS classes into the
    widgets' attributes) first gets the form its own copies, as Django gives every form.
    """

    _shares_fields = False
    _cleaning = False

    def __init__(self, data=None, *args, **kwargs):
        self._shares_fields = data is not None
        if self._shares_fields:
            self.base_fields = _SharedWhenCopied(type(self).base_fields)  # read by BaseForm.__init__, then dropped
        super().__init__(data, *args, **kwargs)
        self.__dict__.pop("base_fields", None)

    def full_clean(self):
        self._cleaning = True
        try:
            super().full_clean()
        finally:
            self._cleaning = False

    def __getitem__(self, name):
        if not self._cleaning:
            self.own_fields()
        return super().__getitem__(name)

    def own_fields(self) -> None:
        if self._shares_fields:
            self.fields = copy.deepcopy(type(self).base_fields)
            self._bound_fields_cache = {}
            self._shares_fields = False


class CharField(CheapCopyMixin, forms.CharField):
    pass


class EmailField(CheapCopyMixin, forms.EmailField):
    pass


class DateField(CheapCopyMixin, forms.DateField):
    pass


class BooleanField(CheapCopyMixin, forms.BooleanField):
    pass


class ChoiceField(CheapCopyMixin, forms.ChoiceField):
    pass


class TypedChoiceField(CheapCopyMixin, forms.TypedChoiceField):
    pass


class MultipleChoiceField(CheapCopyMixin, forms.MultipleChoiceField):
    pass


NEED_CHOICES = [
    (Axis.EDUCATION.label, [(n.value, n.label) for n in (Need.SCHOOLING, Need.ORIENTATION)]),
    (Axis.EMPLOYMENT.label, [(n.value, n.label) for n in (Need.INTERNSHIP, Need.FIRST_JOB, Need.CAREER_CHANGE)]),
]
OPTIONAL_YES_NO = [("", _("Je préfère ne pas répondre")), ("yes", _("Oui")), ("no", _("Non"))]


def _hint(text) -> HTML:
    return HTML(format_html('<p class="form-text">{}</p>', text))


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _multiple(choices, label, *, required=True, help_text="", initial=None):
    return MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text=help_text,
        initial=initial,
    )


def _postal_code_field():
    return CharField(
        label=_("Code postal"),
        max_length=5,
        min_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "pattern": "[0-9]{5}"}),
        error_messages={"min_length": _("Un code postal compte 5 chiffres.")},
    )


def _clean_postal_code(value: str) -> str:
    try:
        department_for_postal_code(value)
    except UnknownPostalCode:
        raise forms.ValidationError(
            _(
                "Code postal non reconnu : il faut les 5 chiffres d'un code postal de France métropolitaine, "
                "de Corse ou d'un département d'outre-mer."
            ),
            code="unknown_postal_code",
        ) from None
    return value


class YouthRequestForm(ValidateWithDeclaredFieldsMixin, forms.Form):
    first_name = CharField(
        label=_("Prénom"),
        max_length=100,
        validators=[validate_person_name],
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = CharField(
        label=_("Nom"),
        max_length=100,
        validators=[validate_person_name],
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    email = EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Nous y enverrons le lien pour suivre ta demande."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    phone = CharField(
        label=_("Téléphone (facultatif)"),
        required=False,
        max_length=25,
        help_text=_("Par exemple 06 12 34 56 78, +33 6 12 34 56 78 ou 0690 12 34 56."),
        widget=forms.TextInput({"autocomplete": "tel", "inputmode": "tel"}),
    )
    birth_date = DateField(
        label=_("Date de naissance"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        # What date inputs send first, then what people type where the browser has no date picker.
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"],
        help_text=_("Le mentorat s'adresse aux jeunes de 10 à 29 ans."),
    )
    postal_code = _postal_code_field()
    commune = CharField(
        label=_("Commune (facultatif)"),
        required=False,
        max_length=100,
        widget=forms.TextInput({"autocomplete": "address-level2"}),
    )
    situation = ChoiceField(label=_("Ta situation actuelle"), choices=Situation.choices, widget=forms.RadioSelect)
    need = ChoiceField(label=_("De quoi as-tu besoin ?"), choices=NEED_CHOICES, widget=forms.RadioSelect)
    sectors = _multiple(Sector.choices, _("Secteurs qui t'intéressent (facultatif)"), required=False)
    meeting_modes = _multiple(MeetingMode.choices, _("Comment aimerais-tu rencontrer ton mentor ?"))
    availability = _multiple(Availability.choices, _("Quand es-tu disponible ?"))
    languages = _multiple(Language.choices, _("Langues que tu parles"), initial=[Language.FR])
    description = CharField(
        label=_("Dis-nous en quelques mots ce que tu attends d'un mentor"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=_("2 000 caractères au maximum."),
    )
    lives_in_qpv = ChoiceField(
        label=_("Habites-tu dans un quartier prioritaire de la politique de la ville (QPV) ?"),
        choices=OPTIONAL_YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    scholarship_holder = ChoiceField(
        label=_("Es-tu boursier ou boursière ?"), choices=OPTIONAL_YES_NO, required=False, widget=forms.RadioSelect
    )
    disability_recognised = ChoiceField(
        label=_("As-tu une reconnaissance de handicap (RQTH, MDPH) ?"),
        choices=OPTIONAL_YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    parent_name = CharField(
        label=_("Nom et prénom du parent ou tuteur"), max_length=200, required=False, validators=[validate_person_name]
    )
    parent_email = EmailField(label=_("E-mail du parent ou tuteur"), required=False)
    consent = BooleanField(
        label=_(
            "J'accepte que les informations de ce formulaire soient utilisées pour me trouver un mentor, "
            "transmises à l'association qui m'accompagnera, et supprimées quand elles ne servent plus."
        ),
        error_messages={"required": _("Ton accord est nécessaire pour que nous puissions traiter ta demande.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden); robots that fill every field give themselves away.
    website = CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @cached_property
    def helper(self) -> FormHelper:
        """The layout, built only when the form is rendered (a valid POST never pays for it)."""
        self.own_fields()
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Fieldset(_("Toi"), "first_name", "last_name", "email", "phone", "birth_date"),
            Fieldset(_("Où habites-tu ?"), Div("postal_code", css_class="col-sm-4"), "commune"),
            Fieldset(_("Ta situation et ton besoin"), "situation", "need", "sectors", "description"),
            Fieldset(_("Vos rencontres"), "meeting_modes", "availability", "languages"),
            Fieldset(
                _("Pour mieux t'accompagner (facultatif)"),
                _hint(
                    _("Ces réponses aident les associations à suivre l'égalité des chances. Tu peux ne pas répondre.")
                ),
                "lives_in_qpv",
                "scholarship_holder",
                "disability_recognised",
            ),
            Fieldset(
                _("Accord d'un parent (si tu as moins de 15 ans)"),
                _hint(_("Si tu as moins de 15 ans, un parent ou ton tuteur recevra un e-mail pour donner son accord.")),
                "parent_name",
                "parent_email",
                css_id="parent-fieldset",
            ),
            Fieldset(_("Ton accord"), "consent"),
            Div("website", css_class="hp-field", aria_hidden="true"),
        )
        return helper

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except InvalidPhoneNumber:
            raise forms.ValidationError(
                _("Ce numéro n'est pas un numéro français valide (par exemple 06 12 34 56 78 ou +33 6 12 34 56 78)."),
                code="invalid_phone",
            ) from None

    @cached_property
    def today(self):
        return timezone.localdate()

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        today = self.today
        if birth_date > today:
            raise forms.ValidationError(_("Cette date de naissance est dans le futur."), code="future")
        age = age_on(birth_date, today)
        if age < consent.MIN_AGE:
            raise forms.ValidationError(
                _(
                    "Le mentorat s'adresse aux jeunes de 10 à 29 ans. Pour un enfant plus jeune, l'école, la mairie "
                    "ou le centre communal d'action sociale (CCAS) peuvent orienter vers un accompagnement adapté."
                ),
                code="too_young",
            )
        if age > consent.MAX_AGE:
            raise forms.ValidationError(
                _(
                    "Le mentorat s'adresse aux jeunes de 10 à 29 ans. Après 29 ans, France Travail, l'Apec ou un "
                    "conseiller en évolution professionnelle (CEP) peuvent vous accompagner."
                ),
                code="too_old",
            )
        return birth_date

    def clean_postal_code(self):
        return _clean_postal_code(self.cleaned_data["postal_code"].strip())

    def clean(self):
        cleaned = super().clean()
        birth_date = cleaned.get("birth_date")
        if birth_date and age_on(birth_date, self.today) < consent.PARENT_CONSENT_UNDER_AGE:
            if not cleaned.get("parent_name"):
                self.add_error("parent_name", _("Tu as moins de 15 ans : indique le nom d'un parent ou tuteur."))
            if not cleaned.get("parent_email") and "parent_email" not in self.errors:
                self.add_error("parent_email", _("Tu as moins de 15 ans : indique l'e-mail d'un parent ou tuteur."))
            elif cleaned.get("parent_email", "").lower() == (cleaned.get("email") or "").lower():
                self.add_error("parent_email", _("L'e-mail du parent doit être différent du tien."))
        for field in ("lives_in_qpv", "scholarship_holder", "disability_recognised"):
            cleaned[field] = _yes_no(cleaned.get(field, ""))
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def submission(self) -> dict:
        """The cleaned data as the service takes it."""
        data = dict(self.cleaned_data)
        data.pop("consent")
        data.pop("website")
        return data


class WithdrawForm(forms.Form):
    reason = ChoiceField(
        label=_("Pourquoi retires-tu ta demande ?"),
        choices=[(r.value, r.label) for r in WithdrawReason if r != WithdrawReason.PARENT_REFUSED],
        widget=forms.RadioSelect,
    )
    note = CharField(
        label=_("Un mot à ajouter (facultatif)"), required=False, max_length=500, widget=forms.Textarea({"rows": 2})
    )


# The same meeting modes, worded from the mentor's side.
MENTOR_MEETING_CHOICES = [
    (MeetingMode.REMOTE.value, MeetingMode.REMOTE.label),
    (MeetingMode.HOME.value, _("Près du domicile du jeune, dans un lieu public")),
    (MeetingMode.SCHOOL.value, _("Dans l'établissement scolaire du jeune")),
    (MeetingMode.ASSOCIATION.value, MeetingMode.ASSOCIATION.label),
    (MeetingMode.WORKPLACE.value, _("Sur mon lieu de travail")),
]


class MentorSignupForm(SignupForm):
    """allauth's sign-up (e-mail, password) with the mentor application on the same page."""

    first_name = CharField(
        label=_("Prénom"),
        max_length=150,
        validators=[validate_person_name],
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = CharField(
        label=_("Nom"),
        max_length=150,
        validators=[validate_person_name],
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    mentor_type = ChoiceField(label=_("Vous êtes"), choices=MentorType.choices, widget=forms.RadioSelect)
    organisation = CharField(label=_("Établissement ou employeur (facultatif)"), max_length=200, required=False)
    axes = _multiple(Axis.choices, _("Vous souhaitez aider un jeune pour"))
    sectors = _multiple(Sector.choices, _("Secteurs que vous connaissez"))
    skills = _multiple(Skill.choices, _("Ce que vous pouvez apporter"))
    accepts_minors = TypedChoiceField(
        label=_("Acceptez-vous d'accompagner un jeune mineur ?"),
        choices=[("yes", _("Oui")), ("no", _("Non, seulement des majeurs"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    postal_code = _postal_code_field()
    meeting_modes = _multiple(MENTOR_MEETING_CHOICES, _("Comment pouvez-vous rencontrer un jeune ?"))
    availability = _multiple(Availability.choices, _("Vos disponibilités"))
    languages = _multiple(Language.choices, _("Langues que vous parlez"), initial=[Language.FR])
    capacity = TypedChoiceField(
        label=_("Combien de jeunes pouvez-vous accompagner en même temps ?"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        widget=forms.RadioSelect,
        initial=1,
        help_text=_("Comptez une à deux heures par mois et par jeune, pendant au moins six mois."),
    )
    motivation = CharField(
        label=_("Pourquoi voulez-vous devenir mentor ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )
    consent = BooleanField(
        label=_(
            "J'accepte que ces informations soient transmises à l'association qui examinera ma candidature, et je "
            "m'engage à suivre la formation de mentor et à fournir une attestation d'honorabilité."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour examiner votre candidature.")},
    )

    PROFILE_FIELDS = (
        "mentor_type",
        "organisation",
        "axes",
        "sectors",
        "skills",
        "accepts_minors",
        "postal_code",
        "meeting_modes",
        "availability",
        "languages",
        "capacity",
        "motivation",
    )

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Fieldset(_("Votre compte"), "first_name", "last_name", "email", "password1", "password2"),
            Fieldset(_("Votre profil"), "mentor_type", "organisation", Div("postal_code", css_class="col-sm-4")),
            Fieldset(_("Votre mentorat"), "axes", "sectors", "skills", "accepts_minors", "capacity", "motivation"),
            Fieldset(_("Vos rencontres"), "meeting_modes", "availability", "languages"),
            Fieldset(_("Votre accord"), "consent"),
        )
        return helper

    def clean_postal_code(self):
        return _clean_postal_code(self.cleaned_data["postal_code"].strip())

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PROFILE_FIELDS}
