from django.urls import path

from crmplus.workforce import (
    views,
    views_allowance,
    views_appointments,
    views_assign,
    views_duties,
    views_settings,
    views_training,
)

app_name = "workforce"

urlpatterns = [
    # Coverage dashboard of the user's scope.
    path("", views.home, name="home"),
    path("coverage/", views.coverage_list, name="coverage"),
    path("coverage/export.xlsx", views.coverage_export, name="coverage_export"),
    path("unassigned/", views.unassigned_list, name="unassigned"),
    path("unassigned/export.xlsx", views.unassigned_export, name="unassigned_export"),
    # Roster.
    path("roster/", views.roster, name="roster"),
    path("roster/export.xlsx", views.roster_export, name="roster_export"),
    path("roster/new/", views.employee_edit, name="employee_create"),
    path("roster/<int:pk>/", views.employee_detail, name="employee"),
    path("roster/<int:pk>/edit/", views.employee_edit, name="employee_edit"),
    path("roster/<int:pk>/portfolio/", views.portfolio, name="portfolio"),
    path("roster/<int:pk>/reassign/", views_assign.reassign, name="reassign"),
    # Appointments.
    path("appointments/", views_appointments.appointment_list, name="appointments"),
    path(
        "appointments/export.xlsx",
        views_appointments.appointment_export,
        name="appointment_export",
    ),
    path("appointments/new/", views_appointments.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/", views_appointments.appointment_detail, name="appointment"),
    path(
        "appointments/<int:pk>/replace/",
        views_appointments.appointment_replace,
        name="appointment_replace",
    ),
    # Account assignment.
    path("accounts/<int:ka_pk>/assign/", views_assign.assign, name="assign"),
    # Training.
    path("training/", views_training.training_home, name="training"),
    path("training/due/", views_training.training_due, name="training_due"),
    path("training/status/", views_training.training_status, name="training_status"),
    path("training/courses/new/", views_training.course_edit, name="course_create"),
    path("training/courses/<int:pk>/edit/", views_training.course_edit, name="course_edit"),
    path("training/sessions/new/", views_training.session_edit, name="session_create"),
    path("training/sessions/<int:pk>/", views_training.session_detail, name="session"),
    path("training/sessions/<int:pk>/edit/", views_training.session_edit, name="session_edit"),
    path("training/import-template.xlsx", views_training.import_template, name="import_template"),
    # Allowance.
    path("allowance/", views_allowance.ledger_list, name="ledgers"),
    path("allowance/<int:pk>/", views_allowance.ledger_detail, name="ledger"),
    path("allowance/<int:pk>/export.xlsx", views_allowance.ledger_export, name="ledger_export"),
    # Senior KAMR duties.
    path("duties/", views_duties.duties, name="duties"),
    # Rules as data: the workforce settings per fiscal year.
    path("settings/", views_settings.settings_page, name="settings"),
]
