from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.billing.models import BillingExtract, BillingImportJob
from crmplus.core.admin import HqAdminMixin


@admin.register(BillingExtract)
class BillingExtractAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = ["fy", "name", "rows", "cas", "bps", "uploaded_by", "uploaded_at"]
    list_filter = ["fy"]
    search_fields = ["name", "original_name", "sha256"]
    # The file and its figures come from the import service only.
    readonly_fields = [
        "file", "original_name", "sha256", "size_bytes", "rows", "cas", "bps", "months",
        "total_kwh", "total_gm", "total_revenue", "uploaded_by", "uploaded_at",
    ]  # fmt: skip

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # billing_extract_delete removes the file and checks what uses it


@admin.register(BillingImportJob)
class BillingImportJobAdmin(HqAdminMixin, admin.ModelAdmin):
    list_display = ["id", "original_name", "fy", "user", "status", "created_at", "finished_at"]
    list_filter = ["status", "fy"]
    readonly_fields = ["extract", "report", "task_id", "started_at", "finished_at"]
