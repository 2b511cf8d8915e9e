from django.urls import path

from crmplus.risk import views

app_name = "risk"

urlpatterns = [
    path("", views.home, name="home"),
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/export.xlsx", views.assessment_export, name="export"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assess/<int:bp_pk>/", views.assess_form, name="assess"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
