# Placeholder routes so the navbar resolves; the app's own views replace them.
from django.urls import path
from django.views.generic import TemplateView

app_name = "reports"

urlpatterns = [
    path("", TemplateView.as_view(template_name="base.html"), name="home"),
    path("process/", TemplateView.as_view(template_name="base.html"), name="process"),
]
