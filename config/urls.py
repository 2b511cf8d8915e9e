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
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
