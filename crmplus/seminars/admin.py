from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.seminars.models import (
    BudgetLine,
    Event,
    ExceptionRequest,
    Invitation,
    StaffAttendee,
)


class _ReadOnly(SimpleHistoryAdmin):
    """Read-only: seminars change through the services (caps, rates, approvals, scope)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["category", "description", "planned_amount", "actual_amount", "regulation_amount"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Event)
class EventAdmin(_ReadOnly):
    list_display = ["title", "kind", "unit", "starts_on", "fy", "status"]
    list_filter = ["fy", "kind", "status"]
    search_fields = ["title", "venue", "unit__code"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(_ReadOnly):
    list_display = ["event", "category", "planned_amount", "actual_amount", "is_exception"]
    list_filter = ["category", "is_exception", "is_speaker_fee"]


@admin.register(ExceptionRequest)
class ExceptionRequestAdmin(_ReadOnly):
    list_display = ["line", "kind", "amount", "status", "requested_by", "requested_at"]
    list_filter = ["kind", "status"]


@admin.register(Invitation)
class InvitationAdmin(_ReadOnly):
    list_display = ["event", "bp", "contact", "rsvp", "attended", "satisfaction"]
    list_filter = ["rsvp", "attended"]
    search_fields = ["bp__bp_number", "bp__name_th"]


@admin.register(StaffAttendee)
class StaffAttendeeAdmin(_ReadOnly):
    list_display = ["event", "name", "user", "level", "attended"]
