from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.core.admin import HqAdminMixin
from crmplus.prospects.models import CompetitionAlternative, Prospect, StageChange


class StageChangeInline(HqAdminMixin, admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ("at", "from_stage", "to_stage", "by", "note", "backward")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, *args) -> bool:
        return False  # the log is written by prospect_move only


class CompetitionInline(HqAdminMixin, admin.TabularInline):
    model = CompetitionAlternative
    extra = 0


@admin.register(Prospect)
class ProspectAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "company_name",
        "stage",
        "office",
        "area",
        "source",
        "expected_load_kw",
        "expected_gm",
        "probability",
        "bp",
    )
    list_filter = ("stage", "source", "area")
    search_fields = ("company_name", "company_name_en", "reference", "tax_id")
    raw_id_fields = ("office", "area", "responsible", "bp", "ca", "industrial_estate")
    # Stages and conversion change through the services (rules, history, the registry).
    readonly_fields = ("stage", "stage_entered_at", "bp", "ca", "converted_at", "converted_by")
    inlines = [CompetitionInline, StageChangeInline]

    def has_add_permission(self, request, *args) -> bool:
        return False  # created on the pipeline screens or the API (prospect_save)


@admin.register(CompetitionAlternative)
class CompetitionAlternativeAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = ("prospect", "kind", "provider", "capacity_mw", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("prospect",)
