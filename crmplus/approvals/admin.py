"""Approvals in the Django admin: HQ admins read them; decisions go through the
workflow (services), never through admin edits."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.approvals.models import ApprovalEvent, ApprovalRequest, Notification
from crmplus.core.admin import HqAdminMixin


class ReadOnlyMixin(HqAdminMixin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ApprovalEventInline(admin.TabularInline):
    model = ApprovalEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "round", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "pk",
        "title",
        "kind",
        "status",
        "round",
        "unit",
        "approver_unit",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["title", "kind"]
    date_hierarchy = "submitted_at"
    list_select_related = ["unit", "approver_unit", "submitted_by", "decided_by"]
    inlines = [ApprovalEventInline]


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "request", "action", "round", "actor"]
    list_filter = ["action"]
    list_select_related = ["request", "actor"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "title_th", "read_at"]
    list_select_related = ["user"]
    search_fields = ["title_th", "title_en", "user__username"]
