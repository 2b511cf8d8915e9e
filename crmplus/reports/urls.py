from django.urls import path

from crmplus.reports import views, views_exports

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("process/", views.process, name="process"),
    path("process/settings/", views.process_settings, name="process_settings"),
    # Background exports of any list.
    path("exports/", views_exports.export_list, name="exports"),
    path("exports/start/<str:key>/", views_exports.export_create, name="export_start"),
    path("exports/<int:pk>/", views_exports.export_detail, name="export"),
    path("exports/<int:pk>/download/", views_exports.export_download, name="export_download"),
]
