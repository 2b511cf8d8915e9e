from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.surveys.models import LowSatisfactionFollowUp, SurveyImport, SurveyResponse


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Read-only: survey data changes through the import and the services."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SurveyImport)
class SurveyImportAdmin(ReadOnlyAdmin):
    list_display = ["id", "fy", "original_name", "status", "rows", "imported", "error_count"]
    list_filter = ["fy", "status"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["fy", "bp", "area", "survey_date", "expectation_avg", "satisfaction_avg"]
    list_filter = ["fy", "area"]
    search_fields = ["bp__bp_number", "bp__name_th"]


@admin.register(LowSatisfactionFollowUp)
class LowSatisfactionFollowUpAdmin(ReadOnlyAdmin):
    list_display = ["fy", "bp", "kamr", "status", "due_date"]
    list_filter = ["fy", "status"]
    search_fields = ["bp__bp_number", "bp__name_th"]
