"""An association's webhook subscriptions (association admins): create (the secret shown once), edit, delete, the
deliveries' log and a test event."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from associations.decorators import staff_required

from ..forms.webhooks import WebhookSubscriptionForm
from ..selectors.webhooks import webhook_deliveries_of, webhook_subscriptions_of_association
from ..services import webhooks as services


@staff_required(admin=True)
@require_http_methods(["GET", "POST"])
def webhook_list(request):
    form = WebhookSubscriptionForm(request.POST or None)
    new_subscription = None
    if request.method == "POST" and form.is_valid():
        new_subscription = services.webhook_subscription_create(
            association=request.association,
            by=request.user,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
        )
        form = WebhookSubscriptionForm()
    context = {
        "form": form,
        "new_subscription": new_subscription,
        "subscriptions": webhook_subscriptions_of_association(association=request.association),
    }
    status = 400 if request.method == "POST" and new_subscription is None else 200
    response = render(request, "matching/webhooks/list.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the new secret is in this page
    return response


@staff_required(admin=True)
@require_http_methods(["GET", "POST"])
def webhook_detail(request, pk):
    subscription = get_object_or_404(webhook_subscriptions_of_association(association=request.association), pk=pk)
    initial = {"url": subscription.url, "events": subscription.events, "is_active": subscription.is_active}
    form = WebhookSubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.webhook_subscription_update(subscription=subscription, by=request.user, **form.cleaned_data)
        messages.success(request, _("L'abonnement est enregistré."))
        return redirect("matching:webhook_detail", association=request.association.slug, pk=pk)
    context = {
        "form": form,
        "subscription": subscription,
        "deliveries": webhook_deliveries_of(subscription=subscription),
    }
    return render(request, "matching/webhooks/detail.html", context, status=400 if request.method == "POST" else 200)


@staff_required(admin=True)
@require_POST
def webhook_delete(request, pk):
    subscription = get_object_or_404(webhook_subscriptions_of_association(association=request.association), pk=pk)
    services.webhook_subscription_delete(subscription=subscription, by=request.user)
    messages.success(request, _("L'abonnement est supprimé."))
    return redirect("matching:webhook_list", association=request.association.slug)


@staff_required(admin=True)
@require_POST
def webhook_test(request, pk):
    subscription = get_object_or_404(webhook_subscriptions_of_association(association=request.association), pk=pk)
    services.webhook_test_send(subscription=subscription, by=request.user)
    messages.success(request, _("Un événement de test est envoyé : son résultat s'affiche dans le journal."))
    return redirect("matching:webhook_detail", association=request.association.slug, pk=pk)
