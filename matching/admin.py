from django.contrib import admin

from . import scoring
from .models import (
    ContactAttempt,
    MentorProfile,
    MentorTransition,
    RequestTransition,
    RoutingDecision,
    StaffNote,
    YouthRequest,
)
from .services.requests import request_erase


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
class YouthRequestAdmin(admin.ModelAdmin):
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
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "mentor_type", "state", "association", "department", "capacity", "submitted_at"]
    list_filter = ["state", "mentor_type", "accepts_minors", "association"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation"]
    readonly_fields = ["state", "consent_version", "consent_at", "created_at", "submitted_at"]
    list_select_related = ["user", "association"]
    inlines = [MentorTransitionInline, MentorRoutingDecisionInline]

    def save_model(self, request, obj, form, change):
        """Support may correct a mentor's choices here: their stored masks follow (the suggestions read those)."""
        for column, value in scoring.profile_bits(obj).items():
            setattr(obj, column, value)
        super().save_model(request, obj, form, change)


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
