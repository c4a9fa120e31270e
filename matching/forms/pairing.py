"""Forms of pairing: a proposal, the mentor's answer, the approval of a batch plan."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import ProposalDeclineReason
from ..services.pairing import PlannedPair

PAIR = re.compile(r"^([0-9]{1,18}):([0-9]{1,18})$")


class ProposeForm(forms.Form):
    mentor = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors


class MentorAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("J'accepte")), ("decline", _("Je décline"))])
    reason = forms.ChoiceField(required=False, choices=[("", "—"), *ProposalDeclineReason.choices])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "decline" and not cleaned.get("reason"):
            self.add_error("reason", _("Choisissez pourquoi vous déclinez."))
        return cleaned


class BatchApproveForm(forms.Form):
    """The pairs ticked on the batch preview, as "<request id>:<mentor id>", each within the association."""

    pair = forms.Field(widget=forms.CheckboxSelectMultiple)  # a list of values, checked in clean_pair

    def __init__(self, *args, requests, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests, self.mentors = requests, mentors

    def clean_pair(self):
        chosen = [
            tuple(map(int, match.groups())) for value in self.cleaned_data["pair"] if (match := PAIR.match(value))
        ]
        requests = self.requests.in_bulk([r for r, _m in chosen])
        mentors = self.mentors.in_bulk([m for _r, m in chosen])
        pairs = [
            PlannedPair(request=requests[r], mentor=mentors[m]) for r, m in chosen if r in requests and m in mentors
        ]
        if not pairs:
            raise forms.ValidationError(_("Cochez au moins un binôme."))
        return pairs
