# Public routes (no session): every view here authenticates the call itself.
from django.urls import path

from crmplus.social import webhooks

app_name = "webhooks"

urlpatterns = [
    path("line/", webhooks.line, name="line"),
    path("facebook/", webhooks.facebook, name="facebook"),
]
