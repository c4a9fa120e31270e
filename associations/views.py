"""An association's own settings, its team and invitations, its access log (association admins), accepting an
invitation, and the communes of a postal code for the public forms."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.errors import DomainError

from .decorators import staff_required
from .forms import AccessLogFilterForm, ApiKeyForm, AssociationForm, InvitationForm, WeightsForm
from .geography import commune_choices
from .selectors import (
    access_log_of_association,
    api_keys_of_association,
    invitation_is_for,
    invitations_pending,
    team_of_association,
)
from .services import (
    InvitationForAnotherAddress,
    api_key_create,
    api_key_revoke,
    association_update,
    invitation_accept,
    invitation_for_token,
    invitation_send,
    membership_remove,
)


@staff_required(admin=True)
@require_http_methods(["GET", "POST"])
def association_settings(request):
    form = AssociationForm(request.POST or None, instance=request.association)
    if request.method == "POST" and form.is_valid():
        association_update(
            association=request.association, by=request.user, **{name: form.cleaned_data[name] for name in form.fields}
        )
        messages.success(request, _("Les informations de l'association sont enregistrées."))
        return redirect("associations:settings", association=request.association.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "associations/settings.html", {"form": form}, status=status)


@staff_required(admin=True)
@require_http_methods(["GET", "POST"])
def association_weights(request):
    form = WeightsForm(request.POST or None, current=request.association.matching_weights)
    if request.method == "POST" and form.is_valid():
        association_update(association=request.association, by=request.user, matching_weights=form.weights())
        messages.success(request, _("Les poids des critères sont enregistrés."))
        return redirect("associations:weights", association=request.association.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "associations/weights.html", {"form": form}, status=status)


@staff_required(admin=True)
@require_http_methods(["GET", "POST"])
def association_team(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_send(association=request.association, by=request.user, **form.cleaned_data)
        messages.success(request, _("L'invitation est envoyée à %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("associations:team", association=request.association.slug)
    context = {
        "form": form,
        "memberships": team_of_association(association=request.association),
        "invitations": invitations_pending(association=request.association),
    }
    return render(request, "associations/team.html", context, status=400 if request.method == "POST" else 200)


@staff_required(admin=True)
@require_POST
def membership_delete(request, pk):
    membership = get_object_or_404(team_of_association(association=request.association), pk=pk)
    try:
        membership_remove(membership=membership, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s ne fait plus partie de l'équipe.") % {"name": membership.user})
    return redirect("associations:team", association=request.association.slug)


ACCESS_LOG_PAGE_SIZE = 50


@staff_required(admin=True)
@require_GET
def access_log(request):
    """Who of the team (or of the platform) viewed or exported which youth's or mentor's file, and when."""
    form = AccessLogFilterForm(request.GET or None, team=team_of_association(association=request.association))
    records = access_log_of_association(association=request.association, **form.filters())
    page = Paginator(records, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "associations/access_log.html", {"form": form, "page": page, "query": query.urlencode()})


@staff_required(admin=True)
@require_http_methods(["GET", "POST"])
def api_keys(request):
    """The association's API keys: a new key is shown on this page once (only its hash is kept), never again."""
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _key, new_key = api_key_create(association=request.association, by=request.user, **form.cleaned_data)
        form = ApiKeyForm()
    context = {"form": form, "new_key": new_key, "keys": api_keys_of_association(association=request.association)}
    status = 400 if request.method == "POST" and new_key is None else 200
    response = render(request, "associations/api_keys.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the new key is in this page
    return response


@staff_required(admin=True)
@require_POST
def api_key_revoke_view(request, pk):
    key = get_object_or_404(api_keys_of_association(association=request.association), pk=pk)
    api_key_revoke(key=key, by=request.user)
    messages.success(request, _("La clé « %(name)s » est révoquée : elle ne fonctionne plus.") % {"name": key.name})
    return redirect("associations:api_keys", association=request.association.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    invitation = invitation_for_token(token=token)
    if invitation is None:
        raise Http404("unknown, used or expired invitation")
    if request.method == "POST" and request.user.is_authenticated:
        try:
            invitation_accept(invitation=invitation, user=request.user)  # checks the address itself
        except InvitationForAnotherAddress:
            for_this_account = False
        except DomainError as error:  # used meanwhile (twice posted, or by another tab)
            messages.error(request, error.message)
            return redirect("matching:staff_home")
        else:
            messages.success(request, _("Bienvenue dans l'équipe de %(name)s.") % {"name": invitation.association.name})
            return redirect("matching:request_queue", association=invitation.association.slug)
    else:
        for_this_account = request.user.is_authenticated and invitation_is_for(invitation=invitation, user=request.user)
    context = {
        "invitation": invitation,
        "for_this_account": for_this_account,
        "next_field": REDIRECT_FIELD_NAME,
        "next": request.get_full_path(),
    }
    if request.user.is_authenticated and not for_this_account:
        # Signed in with another account: the page says so, and how to sign in with the invited address.
        context["invited_address"] = _masked(invitation.email)
        return render(request, "associations/invitation.html", context, status=403)
    return render(request, "associations/invitation.html", context)


def _masked(email: str) -> str:
    """Enough of an address for its owner to recognise it (``j•••@example.org``), not to read it off a leaked link."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


# The official data changes once a year, with a new release of the npm package.
COMMUNES_MAX_AGE = 24 * 3600


@require_GET
@cache_control(public=True, max_age=COMMUNES_MAX_AGE)
def communes(request):
    """The <option>s of the commune select for ``?postal_code=``, which htmx swaps in as the postal code is typed.
    Rendered without the request (no session, no user): the same answer for everyone, in every language."""
    choices = commune_choices(request.GET.get("postal_code", "").strip())
    return HttpResponse(render_to_string("associations/commune_options.html", {"choices": choices}))
