from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.workforce.models import (
    AccountAssignment,
    AllowanceLedger,
    AllowanceLine,
    Appointment,
    Course,
    DutyCompletion,
    Employee,
    TrainingNotice,
    TrainingRecord,
    TrainingSession,
)


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["employee_number", "name_th", "position_level", "unit", "user", "is_active"]
    list_filter = ["is_active", "position_level"]
    search_fields = ["employee_number", "name_th", "name_en", "email"]
    raw_id_fields = ["unit", "user"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "role", "unit", "start", "end", "status"]
    list_filter = ["role", "status"]
    search_fields = ["employee__employee_number", "employee__name_th", "unit__code"]
    raw_id_fields = ["employee", "unit", "replaces", "created_by"]


@admin.register(AccountAssignment)
class AccountAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["fy", "bp", "office", "employee", "backup", "start", "end"]
    list_filter = ["fy"]
    search_fields = ["bp__bp_number", "employee__employee_number", "office__code"]
    raw_id_fields = ["bp", "office", "unit", "employee", "backup", "created_by"]


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_th", "kind", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["course", "unit", "starts_on", "ends_on", "location"]
    list_filter = ["course"]
    raw_id_fields = ["unit"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "session", "attended_on", "passed", "score"]
    list_filter = ["passed"]
    raw_id_fields = ["employee", "session"]


class AllowanceLineInline(admin.TabularInline):
    model = AllowanceLine
    extra = 0
    raw_id_fields = ["employee"]


@admin.register(AllowanceLedger)
class AllowanceLedgerAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "month", "status", "rate", "proration", "total"]
    list_filter = ["status"]
    raw_id_fields = ["unit", "built_by"]
    inlines = [AllowanceLineInline]


@admin.register(TrainingNotice)
class TrainingNoticeAdmin(admin.ModelAdmin):
    list_display = ["employee", "stage", "due_on", "sent_on", "recipients"]
    list_filter = ["stage"]
    raw_id_fields = ["employee"]


@admin.register(DutyCompletion)
class DutyCompletionAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "duty", "period", "done_on", "by"]
    list_filter = ["period", "duty"]
    raw_id_fields = ["employee", "by"]
