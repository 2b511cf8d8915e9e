from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.risk.models import RiskAssessment, RiskEvidence


class RiskEvidenceInline(admin.TabularInline):
    model = RiskEvidence
    extra = 0
    readonly_fields = ["factor", "note", "file", "file_name", "size", "added_by", "added_at"]
    can_delete = False


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(SimpleHistoryAdmin):
    """Read-only: assessments change through the services (scope, review, evidence)."""

    list_display = ["fy", "bp", "office", "owner", "p", "i", "level", "status"]
    list_filter = ["fy", "status", "level"]
    search_fields = ["bp__bp_number", "bp__name_th"]
    inlines = [RiskEvidenceInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
