from django.urls import path

from crmplus.surveys import views, views_results

app_name = "surveys"

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rules_save, name="rules"),
    path("template.<str:fmt>", views.template_download, name="template"),
    path("imports/export.xlsx", views.import_export, name="import_export"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/errors.<str:fmt>", views.import_report, name="import_report"),
    path("responses/", views_results.response_list, name="responses"),
    path("responses/export.xlsx", views_results.response_export, name="response_export"),
    path("follow-ups/", views_results.follow_up_list, name="follow_ups"),
    path("follow-ups/export.xlsx", views_results.follow_up_export, name="follow_up_export"),
    path("follow-ups/<int:pk>/", views_results.follow_up_detail, name="follow_up"),
    path("customer/<int:bp_pk>/", views_results.customer_tab, name="customer_tab"),
    path("report/", views.report, name="report"),
    path("report.<str:fmt>", views.report_download, name="report_download"),
]
