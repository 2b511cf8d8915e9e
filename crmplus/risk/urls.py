from django.urls import path

from crmplus.risk import views, views_matrix, views_plans, views_warnings

app_name = "risk"

urlpatterns = [
    path("", views.home, name="home"),
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/export.xlsx", views.assessment_export, name="export"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assess/<int:bp_pk>/", views.assess_form, name="assess"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("matrix/", views_matrix.matrix, name="matrix"),
    # Retention plans of special-risk customers.
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/export.xlsx", views_plans.plan_export, name="plan_export"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("plans/<int:pk>/actions/<int:action_pk>/", views_plans.action_edit, name="plan_action"),
    path("assessments/<int:pk>/plan/", views_plans.plan_create, name="plan_create"),
    # Early warnings from billing.
    path("warnings/", views_warnings.warning_list, name="warnings"),
    path("warnings/run/", views_warnings.warning_run, name="warning_run"),
    path("warnings/<int:pk>/", views_warnings.warning_detail, name="warning"),
]
