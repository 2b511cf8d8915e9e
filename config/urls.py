from django.contrib import admin
from django.urls import include, path

from crmplus.api.api import api

urlpatterns = [
    path("", include("crmplus.core.urls")),
    path("customers/", include("crmplus.customers.urls")),
    path("billing/", include("crmplus.billing.urls")),
    path("approvals/", include("crmplus.approvals.urls")),
    path("key-accounts/", include("crmplus.keyaccounts.urls")),
    path("risk/", include("crmplus.risk.urls")),
    path("workforce/", include("crmplus.workforce.urls")),
    path("engagement/", include("crmplus.engagement.urls")),
    path("technical-services/", include("crmplus.techservices.urls")),
    path("seminars/", include("crmplus.seminars.urls")),
    path("surveys/", include("crmplus.surveys.urls")),
    path("reports/", include("crmplus.reports.urls")),
    path("prospects/", include("crmplus.prospects.urls")),
    path("social/", include("crmplus.social.urls")),
    # Public endpoints that authenticate each call themselves (see core.middleware).
    path("ics/", include("crmplus.engagement.ics_urls")),
    path("webhooks/", include("crmplus.social.webhook_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
