from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "crmplus.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from crmplus.customers import signals  # noqa: F401 - connects the receivers
