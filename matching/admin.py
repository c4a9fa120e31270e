from django.contrib import admin
from django.contrib.admin.utils import unquote

from associations.enums import AccessAction, AccessSubject
from associations.services import access_record

from . import scoring
from .models import (
    ContactAttempt,
    MentorProfile,
    MentorTransition,
    RequestTransition,
    RoutingDecision,
    StaffNote,
    TrainingRegistration,
    TrainingSession,
    WebhookDelivery,
    WebhookSubscription,
    YouthRequest,
)
from .services.pairing_pool import mentor_pool_touch
from .services.requests import request_erase


class AccessLoggedAdmin(admin.ModelAdmin):
    """A platform administrator opening a person's file in the admin is in the access log, like staff."""

    access_subject: AccessSubject

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if obj is not None:
            access_record(
                user=request.user,
                action=AccessAction.VIEW,
                subject=self.access_subject,
                subject_id=obj.pk,
                association=obj.association,
            )
        return super().change_view(request, object_id, form_url, extra_context)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RequestTransitionInline(ReadOnlyInline):
    model = RequestTransition
    fields = ["created_at", "from_state", "to_state", "actor", "by", "reason", "note"]
    readonly_fields = fields


class ContactAttemptInline(ReadOnlyInline):
    model = ContactAttempt
    fields = ["created_at", "channel", "outcome", "by", "note"]
    readonly_fields = fields


class RoutingDecisionInline(ReadOnlyInline):
    model = RoutingDecision
    fk_name = "request"
    fields = ["created_at", "trigger", "association", "summary"]
    readonly_fields = fields


class MentorRoutingDecisionInline(RoutingDecisionInline):
    fk_name = "mentor"


class MentorTransitionInline(ReadOnlyInline):
    model = MentorTransition
    fields = ["created_at", "from_state", "to_state", "actor", "by", "note"]
    readonly_fields = fields


@admin.register(YouthRequest)
class YouthRequestAdmin(AccessLoggedAdmin):
    access_subject = AccessSubject.YOUTH_REQUEST
    list_display = ["first_name", "last_name", "email", "state", "association", "axis", "department", "created_at"]
    list_filter = ["state", "axis", "need", "situation", "association"]
    list_select_related = ["association"]
    search_fields = ["first_name", "last_name", "email", "postal_code", "commune"]
    date_hierarchy = "created_at"
    readonly_fields = ["public_id", "state", "consent_version", "consent_at", "parent_consent_at", "created_at"]
    inlines = [RequestTransitionInline, RoutingDecisionInline, ContactAttemptInline]

    # Deleting here (one request, or the bulk action) is an erasure like the youth's own: through request_erase,
    # which gives the mentor their place back and forgets the e-mails about the request.
    def delete_model(self, request, obj):
        request_erase(request=obj)

    def delete_queryset(self, request, queryset):
        for youth_request in queryset:
            request_erase(request=youth_request)

    def log_deletions(self, request, queryset):
        """Django's deletion entry would keep the youth's name in the admin history: request_erase logs the
        erasure (by id) instead."""


@admin.register(MentorProfile)
class MentorProfileAdmin(AccessLoggedAdmin):
    access_subject = AccessSubject.MENTOR
    list_display = ["user", "mentor_type", "state", "association", "department", "capacity", "submitted_at"]
    list_filter = ["state", "mentor_type", "accepts_minors", "association"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation"]
    # What only the services may change: the state (transition table and log), the places held (counted under the
    # mentor's row lock), the association (routing; their mentorships would stay behind), the background check (a
    # failed one holds the pairings with minors and is logged).
    readonly_fields = [
        "state",
        "open_mentorships",
        "association",
        "background_check_ok",
        "background_check_on",
        "background_check_by",
        "consent_version",
        "consent_at",
        "created_at",
        "submitted_at",
    ]
    list_select_related = ["user", "association"]
    inlines = [MentorTransitionInline, MentorRoutingDecisionInline]

    def save_model(self, request, obj, form, change):
        """Support may correct a mentor's choices here: their stored masks follow (the suggestions read those). Only
        what the form changed is written: the columns the services keep (the places held, the state) stay as the
        services last wrote them, even if one wrote meanwhile."""
        bits = scoring.profile_bits(obj)
        for column, value in bits.items():
            setattr(obj, column, value)
        if change:
            obj.save(update_fields=[*form.changed_data, *bits])
        else:
            super().save_model(request, obj, form, change)
        mentor_pool_touch(association_ids=[obj.association_id])  # the pairing pages read the mentors again

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        mentor_pool_touch(association_ids=[obj.association_id])

    def delete_queryset(self, request, queryset):
        associations = set(queryset.values_list("association_id", flat=True))
        super().delete_queryset(request, queryset)
        mentor_pool_touch(association_ids=associations)


@admin.register(RoutingDecision)
class RoutingDecisionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "request", "mentor", "association", "trigger", "summary"]
    list_filter = ["trigger", "association"]
    search_fields = ["summary", "request__email", "mentor__user__email"]
    list_select_related = ["request", "mentor__user", "association"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StaffNote)
class StaffNoteAdmin(admin.ModelAdmin):
    list_display = ["created_at", "association", "request", "mentor", "by"]
    search_fields = ["text"]
    list_select_related = ["association", "request", "mentor__user", "by"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """For support: an association's subscriptions (the secret is never shown)."""

    list_display = ["url", "association", "is_active", "created_at"]
    list_filter = ["is_active", "association"]
    search_fields = ["url", "association__name"]
    fields = ["association", "url", "events", "is_active", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "subscription", "status", "attempts", "response_status", "delivered_at"]
    list_filter = ["status", "event"]
    list_select_related = ["subscription"]
    search_fields = ["event_id", "subscription__url"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TrainingRegistrationInline(ReadOnlyInline):
    model = TrainingRegistration
    fields = ["mentor", "state", "created_at"]
    readonly_fields = fields


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    """Support sees the sessions and their registrations; staff change them from the association's pages."""

    list_display = ["starts_at", "association", "trainer", "seats_taken", "seats", "cancelled_at"]
    list_filter = ["association"]
    list_select_related = ["association"]
    date_hierarchy = "starts_at"
    inlines = [TrainingRegistrationInline]
    readonly_fields = ["seats_taken", "version", "created_by", "created_at"]
