from django.contrib import admin

from crmplus.reports.models import ExportJob, ProcessReminder


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "key", "user", "status", "row_count", "created_at", "finished_at"]
    list_filter = ["status", "key"]
    search_fields = ["user__username", "key"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]


@admin.register(ProcessReminder)
class ProcessReminderAdmin(admin.ModelAdmin):
    list_display = ["deadline", "due", "unit", "kind", "sent_on", "recipients"]
    list_filter = ["deadline", "kind"]
