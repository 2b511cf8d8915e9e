from django.urls import path

from crmplus.social import views, views_dashboard, views_settings

app_name = "social"

urlpatterns = [
    path("", views.home, name="home"),
    path("export.xlsx", views.export, name="export"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("rules/", views_settings.rules, name="rules"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
]
