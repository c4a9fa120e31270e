from django.contrib import admin

from .models import MentorProfile, MentorTransition, RequestTransition, YouthRequest


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


class MentorTransitionInline(ReadOnlyInline):
    model = MentorTransition
    fields = ["created_at", "from_state", "to_state", "actor", "by", "note"]
    readonly_fields = fields


@admin.register(YouthRequest)
class YouthRequestAdmin(admin.ModelAdmin):
    list_display = ["first_name", "last_name", "email", "state", "axis", "department", "created_at"]
    list_filter = ["state", "axis", "need", "situation", "department"]
    search_fields = ["first_name", "last_name", "email", "postal_code", "commune"]
    date_hierarchy = "created_at"
    readonly_fields = ["public_id", "state", "consent_version", "consent_at", "parent_consent_at", "created_at"]
    inlines = [RequestTransitionInline]


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "mentor_type", "state", "department", "capacity", "submitted_at"]
    list_filter = ["state", "mentor_type", "accepts_minors", "department"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation"]
    readonly_fields = ["state", "consent_version", "consent_at", "created_at", "submitted_at"]
    list_select_related = ["user"]
    inlines = [MentorTransitionInline]
