# Public routes (no session): every view here authenticates the call itself.
from django.urls import path  # noqa: F401

app_name = "webhooks"

urlpatterns: list = []
