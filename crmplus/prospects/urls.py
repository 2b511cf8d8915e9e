from django.urls import path

from crmplus.prospects import views, views_reports

app_name = "prospects"

urlpatterns = [
    path("", views.home, name="home"),
    path("list/", views.prospect_list, name="list"),
    path("list/export.xlsx", views.prospect_export, name="export"),
    path("new/", views.prospect_edit, name="create"),
    path("funnel/", views_reports.funnel, name="funnel"),
    path("funnel/export.xlsx", views_reports.funnel_export, name="funnel_export"),
    path("settings/", views_reports.pipeline_settings, name="settings"),
    path("customer/<int:bp_pk>/", views.customer_tab, name="customer_tab"),
    path("<int:pk>/", views.prospect_detail, name="detail"),
    path("<int:pk>/edit/", views.prospect_edit, name="edit"),
    path("<int:pk>/move/", views.prospect_move, name="move"),
    path("<int:pk>/convert/", views.prospect_convert, name="convert"),
    path("<int:pk>/competition/new/", views.competition_edit, name="competition_create"),
    path("<int:pk>/competition/<int:alt_pk>/", views.competition_edit, name="competition_edit"),
]
