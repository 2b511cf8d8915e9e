from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.techservices.models import (
    EntitlementException,
    PowerQualityProblem,
    ServiceAttachment,
    ServiceRequest,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Read-only: these change through the services (entitlements, scope, approvals)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = ServiceAttachment
    extra = 0
    readonly_fields = ["file", "file_name", "file_type", "size", "note", "added_by", "added_at"]
    can_delete = False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "fy", "code", "bp", "office", "segment", "supplement", "status"]
    list_filter = ["fy", "code", "status", "segment", "supplement"]
    search_fields = ["bp__bp_number", "bp__name_th"]
    raw_id_fields = ["bp", "ca", "office", "staff", "created_by", "exception"]
    inlines = [AttachmentInline]


@admin.register(PowerQualityProblem)
class PowerQualityProblemAdmin(ReadOnlyAdmin):
    list_display = ["bp", "kind", "observed_on", "resolved_on", "office"]
    list_filter = ["kind"]
    search_fields = ["bp__bp_number", "bp__name_th"]


@admin.register(EntitlementException)
class EntitlementExceptionAdmin(ReadOnlyAdmin):
    list_display = ["fy", "code", "bp", "rule", "status", "requested_by", "created_at"]
    list_filter = ["fy", "code", "status", "rule"]
    search_fields = ["bp__bp_number", "bp__name_th"]
