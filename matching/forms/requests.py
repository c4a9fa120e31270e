"""Intake forms: validation only. What happens to valid data is the services' business."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from associations.geography import (
    Commune,
    UnknownCommune,
    UnknownPostalCode,
    commune_choices,
    commune_for,
    communes_for_postal_code,
    department_for_postal_code,
)

from .. import consent
from ..dates import age_on, local_today
from ..enums import (
    Availability,
    Axis,
    Language,
    MeetingMode,
    Need,
    Sector,
    Situation,
    WithdrawReason,
)
from ..validators import (
    ForeignPhoneNumber,
    InvalidPhoneNumber,
    normalize_phone,
    phone_region_for_department,
    validate_person_name,
)
from .common import multiple_choice_field, person_name_field, postal_code_clean, postal_code_field

NEED_CHOICES = [
    (Axis.EDUCATION.label, [(n.value, n.label) for n in (Need.SCHOOLING, Need.ORIENTATION)]),
    (Axis.EMPLOYMENT.label, [(n.value, n.label) for n in (Need.INTERNSHIP, Need.FIRST_JOB, Need.CAREER_CHANGE)]),
]
OPTIONAL_YES_NO = [("", _("Je préfère ne pas répondre")), ("yes", _("Oui")), ("no", _("Non"))]


def _hint(text) -> HTML:
    return HTML(format_html('<p class="form-text">{}</p>', text))


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class YouthRequestForm(forms.Form):
    first_name = person_name_field(_("Prénom"), max_length=100, autocomplete="given-name")
    last_name = person_name_field(_("Nom"), max_length=100, autocomplete="family-name")
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Nous y enverrons le lien pour suivre ta demande."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Téléphone (facultatif)"),
        required=False,
        max_length=25,
        help_text=_("Par exemple 06 12 34 56 78, +33 6 12 34 56 78 ou 0690 12 34 56."),
        widget=forms.TextInput({"autocomplete": "tel", "inputmode": "tel"}),
    )
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        # What date inputs send first, then what people type where the browser has no date picker.
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"],
        help_text=_("Le mentorat s'adresse aux jeunes de 10 à 29 ans."),
    )
    # As the postal code is typed, htmx fills the commune select with that postal code's communes. Without
    # JavaScript, a postal code with one commune needs nothing more, and one with several has the form answer with
    # its communes to choose from.
    postal_code = postal_code_field(
        **{
            "hx-get": reverse_lazy("associations:communes"),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": "#id_commune",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=100,
        help_text=_("La liste des communes de ton code postal."),
        widget=forms.Select({"autocomplete": "address-level2"}, choices=commune_choices("")),
        error_messages={"required": _("Ce code postal couvre plusieurs communes : choisis la tienne dans la liste.")},
    )
    situation = forms.ChoiceField(label=_("Ta situation actuelle"), choices=Situation.choices, widget=forms.RadioSelect)
    need = forms.ChoiceField(label=_("De quoi as-tu besoin ?"), choices=NEED_CHOICES, widget=forms.RadioSelect)
    sectors = multiple_choice_field(Sector.choices, _("Secteurs qui t'intéressent (facultatif)"), required=False)
    meeting_modes = multiple_choice_field(MeetingMode.choices, _("Comment aimerais-tu rencontrer ton mentor ?"))
    availability = multiple_choice_field(Availability.choices, _("Quand es-tu disponible ?"))
    languages = multiple_choice_field(Language.choices, _("Langues que tu parles"), initial=[Language.FR])
    description = forms.CharField(
        label=_("Dis-nous en quelques mots ce que tu attends d'un mentor"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=_("2 000 caractères au maximum."),
    )
    lives_in_qpv = forms.ChoiceField(
        label=_("Habites-tu dans un quartier prioritaire de la politique de la ville (QPV) ?"),
        choices=OPTIONAL_YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    scholarship_holder = forms.ChoiceField(
        label=_("Es-tu boursier ou boursière ?"), choices=OPTIONAL_YES_NO, required=False, widget=forms.RadioSelect
    )
    disability_recognised = forms.ChoiceField(
        label=_("As-tu une reconnaissance de handicap (RQTH, MDPH) ?"),
        choices=OPTIONAL_YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    parent_name = forms.CharField(
        label=_("Nom et prénom du parent ou tuteur"), max_length=200, required=False, validators=[validate_person_name]
    )
    parent_email = forms.EmailField(label=_("E-mail du parent ou tuteur"), required=False)
    consent = forms.BooleanField(
        label=_(
            "J'accepte que les informations de ce formulaire soient utilisées pour me trouver un mentor, "
            "transmises à l'association qui m'accompagnera, et supprimées quand elles ne servent plus."
        ),
        error_messages={"required": _("Ton accord est nécessaire pour que nous puissions traiter ta demande.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden); robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        postal_code = str(self.data.get("postal_code") or "").strip() if self.is_bound else ""
        try:
            self.communes: tuple[Commune, ...] = communes_for_postal_code(postal_code)
        except UnknownPostalCode:
            self.communes = ()
        self.fields["commune"].widget.choices = commune_choices(postal_code)
        # Asked for when the postal code has several communes (one is picked alone; an unknown postal code is the
        # error to show), and shown as required to someone who has not typed it yet.
        self.fields["commune"].required = len(self.communes) > 1 or not self.is_bound

    @cached_property
    def helper(self) -> FormHelper:
        """The layout, built only when the form is rendered (a valid POST never pays for it)."""
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Fieldset(_("Toi"), "first_name", "last_name", "email", "phone", "birth_date"),
            Fieldset(
                _("Où habites-tu ?"),
                Div(Div("postal_code", css_class="col-sm-4"), Div("commune", css_class="col-sm-8"), css_class="row"),
            ),
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

    @cached_property
    def today(self):
        return local_today()

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
        return postal_code_clean(self.cleaned_data["postal_code"].strip())

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
        commune = self._clean_commune(cleaned)
        self._clean_phone(cleaned, department=commune.department if commune else self._department_guess(cleaned))
        return cleaned

    def _clean_commune(self, cleaned: dict) -> Commune | None:
        """The commune picked among the postal code's communes (the only one, if it has one)."""
        if "postal_code" not in cleaned or "commune" in self.errors:
            return None
        if len(self.communes) == 1:
            cleaned["commune"] = self.communes[0].name
            return self.communes[0]
        try:
            commune = commune_for(cleaned["postal_code"], cleaned["commune"])
        except UnknownCommune:
            self.add_error(
                "commune",
                forms.ValidationError(
                    _(
                        "« %(commune)s » n'est pas une commune du code postal %(postal_code)s : "
                        "choisis la tienne dans la liste."
                    ),
                    code="commune_not_in_postal_code",
                    params={"commune": cleaned["commune"], "postal_code": cleaned["postal_code"]},
                ),
            )
            return None
        cleaned["commune"] = commune.name
        return commune

    @staticmethod
    def _department_guess(cleaned: dict) -> str | None:
        try:
            return department_for_postal_code(cleaned.get("postal_code", ""))
        except UnknownPostalCode:
            return None

    def _clean_phone(self, cleaned: dict, *, department: str | None) -> None:
        """A French number, in E.164; one written without its country code is read as one of the youth's region."""
        if not cleaned.get("phone"):
            return
        try:
            cleaned["phone"] = normalize_phone(cleaned["phone"], region=phone_region_for_department(department))
        except ForeignPhoneNumber:
            self.add_error(
                "phone",
                forms.ValidationError(
                    _(
                        "Ce numéro n'est pas français : indique un numéro de France métropolitaine ou d'outre-mer, "
                        "ou laisse ce champ vide."
                    ),
                    code="foreign_phone",
                ),
            )
        except InvalidPhoneNumber:
            self.add_error(
                "phone",
                forms.ValidationError(
                    _("Ce numéro de téléphone n'est pas valide (par exemple 06 12 34 56 78 ou +33 6 12 34 56 78)."),
                    code="invalid_phone",
                ),
            )

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
    reason = forms.ChoiceField(
        label=_("Pourquoi retires-tu ta demande ?"),
        choices=[
            (r.value, r.label)
            for r in WithdrawReason
            if r not in (WithdrawReason.PARENT_REFUSED, WithdrawReason.PARENT_WITHDREW)
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Un mot à ajouter (facultatif)"), required=False, max_length=500, widget=forms.Textarea({"rows": 2})
    )


class LostLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Ton adresse e-mail"),
        help_text=_("Celle que tu as donnée dans ta demande (ou, pour un parent, celle donnée pour l'accord)."),
        max_length=254,
    )
