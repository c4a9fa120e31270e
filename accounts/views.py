from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from .forms import EmailPreferencesForm
from .services import user_set_email_preferences, user_set_language


@require_POST
def language_switch(request):
    """Django's set_language, remembering the choice on the account so e-mails follow it."""
    response = set_language(request)
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request):
    """A signed-in person turns reminders and digests on or off."""
    if request.method == "GET":
        form = EmailPreferencesForm(initial={"accepts_non_essential_emails": request.user.accepts_non_essential_emails})
        return render(request, "accounts/email_preferences.html", {"form": form})
    form = EmailPreferencesForm(request.POST)
    form.is_valid()  # a single checkbox: always valid
    user_set_email_preferences(user=request.user, **form.cleaned_data)
    messages.success(request, _("Vos préférences d'e-mails sont enregistrées."))
    return redirect("accounts:email_preferences")
