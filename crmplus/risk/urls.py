from django.urls import path
from django.views.generic import RedirectView

app_name = "risk"

# Placeholder until the risk screens land (same session).
urlpatterns = [path("", RedirectView.as_view(url="/"), name="home")]
