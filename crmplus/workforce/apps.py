from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "crmplus.workforce"
    label = "workforce"
    verbose_name = _("KAMR workforce")

    def ready(self) -> None:
        # Registers the "workforce.appointment" and "workforce.allowance" approval kinds
        # and the workforce settings.
        from crmplus.workforce import allowance, rules_settings, services  # noqa: F401
