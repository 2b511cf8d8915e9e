from django.urls import path

from crmplus.engagement import views, views_calendar, views_plans

app_name = "engagement"

urlpatterns = [
    path("calendar/", views_calendar.calendar_view, name="calendar"),
    path("calendar/move/<int:pk>/", views_calendar.calendar_move, name="calendar_move"),
    path("calendar/feed/", views_calendar.my_feed, name="my_feed"),
    path("rules/", views_calendar.rules_edit, name="rules"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/export.xlsx", views.visit_export, name="visits_export"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/outcome/", views.visit_outcome, name="visit_outcome"),
    path("visits/<int:pk>/reschedule/", views.visit_reschedule, name="visit_reschedule"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("followups/<int:pk>/toggle/", views.followup_toggle, name="followup_toggle"),
    path("calls/", views.call_list, name="calls"),
    path("calls/export.xlsx", views.call_export, name="calls_export"),
    path("calls/new/", views.call_new, name="call_new"),
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/export.xlsx", views_plans.plan_export, name="plans_export"),
    path("plans/new/<int:ka_pk>/", views_plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/submit/", views_plans.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/activity/", views_plans.plan_activity, name="plan_activity"),
    path("customers/<int:pk>/timeline/", views.customer_timeline, name="customer_timeline"),
]
