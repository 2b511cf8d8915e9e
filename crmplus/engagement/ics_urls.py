# Public routes (no session): every view here authenticates the call itself.
from django.urls import path

from crmplus.engagement import ics

app_name = "ics"

urlpatterns: list = [
    path("<str:token>.ics", ics.feed, name="feed"),
]
