from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TechservicesConfig(AppConfig):
    name = "crmplus.techservices"
    label = "techservices"
    verbose_name = _("Free technical services")

    def ready(self) -> None:
        from crmplus.core.extensions import (
            register_customer_tab,
            register_daily_job,
            register_dashboard_panel,
            register_demo_step,
            register_timeline_source,
        )
        from crmplus.techservices import (
            entitlements,  # noqa: F401  (registers the settings)
            hooks,
        )
        from crmplus.techservices.services import register_exception_kind

        # Exceptions over a quota are approved through the approvals workflow.
        register_exception_kind()
        register_customer_tab("services", _("Technical services"), "techservices:customer_tab", 40)
        register_timeline_source("techservices", hooks.timeline_entries)
        register_dashboard_panel(
            "techservices", _("Technical services by type"), hooks.dashboard_panel, 60
        )
        register_demo_step("techservices", hooks.demo_step, order=310)
        register_daily_job("techservices.reminders", hooks.daily_reminders)
