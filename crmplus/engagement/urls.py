# Placeholder routes so the navbar resolves; the app's own views replace them.
from django.urls import path
from django.views.generic import TemplateView

app_name = "engagement"

urlpatterns = [
    path("calendar/", TemplateView.as_view(template_name="base.html"), name="calendar"),
    path("visits/", TemplateView.as_view(template_name="base.html"), name="visits"),
    path("calls/", TemplateView.as_view(template_name="base.html"), name="calls"),
    path("plans/", TemplateView.as_view(template_name="base.html"), name="plans"),
]
