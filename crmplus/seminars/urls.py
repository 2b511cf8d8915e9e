from django.urls import path

from crmplus.seminars import views, views_attendance, views_reports, views_rules

app_name = "seminars"

urlpatterns = [
    path("", views.home, name="home"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/budget/", views.budget, name="budget"),
    path("<int:pk>/budget/preview/", views.budget_preview, name="budget_preview"),
    path("<int:pk>/budget/<int:line_pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/invitations/", views_attendance.invitations, name="invitations"),
    path("<int:pk>/invitations/letter.pdf", views_attendance.letter, name="letter"),
    path("<int:pk>/check-in/", views_attendance.checkin, name="checkin"),
    path("<int:pk>/check-in/<int:inv_pk>/", views_attendance.attendance, name="attendance"),
    path("rules/", views_rules.rules_page, name="rules"),
    path(
        "<int:pk>/check-in/staff/<int:staff_pk>/",
        views_attendance.staff_attendance,
        name="staff_attendance",
    ),
    path("reports/", views_reports.reports, name="reports"),
    path("reports/<slug:table>.xlsx", views_reports.report_export, name="report_export"),
]
