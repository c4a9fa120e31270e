from django.contrib import admin

from .models import ApiKey, Association, Invitation, StaffMembership
from .services import association_changed_notify


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "remote_national", "intake_capacity", "mentor_capacity", "created_at"]
    list_filter = ["is_active", "remote_national", "takes_minors"]
    search_fields = ["name", "slug", "contact_email", "departments"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StaffMembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        association_changed_notify(association=obj)  # what waits for an association is routed again


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "association", "role", "created_at"]
    list_filter = ["role", "association"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "association__name"]
    autocomplete_fields = ["user", "association"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "association", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "association"]
    search_fields = ["email", "association__name"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """For support: which keys exist, whose, last used, revoked (revocation is the association admin's page)."""

    list_display = ["name", "association", "prefix", "read_only", "created_by", "last_used_at", "revoked_at"]
    list_filter = ["read_only", "association"]
    search_fields = ["name", "prefix", "association__name"]
    fields = ["association", "name", "prefix", "read_only", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
