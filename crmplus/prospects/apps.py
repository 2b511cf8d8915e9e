from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProspectsConfig(AppConfig):
    name = "crmplus.prospects"
    label = "prospects"
    verbose_name = _("New-customer pipeline")

    def ready(self) -> None:
        from crmplus.core.extensions import (
            register_customer_tab,
            register_daily_job,
            register_dashboard_panel,
            register_demo_step,
            register_timeline_source,
        )
        from crmplus.prospects import rules_settings  # noqa: F401  (registers the stages)
        from crmplus.prospects.demo import demo_prospects_load
        from crmplus.prospects.reminders import daily_reminders
        from crmplus.prospects.timeline import prospect_timeline
        from crmplus.prospects.views_reports import dashboard_panel

        register_dashboard_panel(
            "prospects.funnel", _("New-customer funnel"), dashboard_panel, order=500
        )
        register_customer_tab(
            "new_connection", _("New connection"), "prospects:customer_tab", order=500
        )
        register_timeline_source("prospects", prospect_timeline)
        register_demo_step("prospects", demo_prospects_load, order=500)
        register_daily_job("prospects.reminders", daily_reminders)
        self._offer_risk_prefill()

    @staticmethod
    def _offer_risk_prefill() -> None:
        """Competing alternatives pre-fill a converted customer's first risk assessment,
        once crmplus.risk offers the hook (`crmplus.risk.prefill.register_prefill`)."""
        try:
            from crmplus.risk.prefill import register_prefill
        except ImportError:
            return
        from crmplus.prospects.selectors import risk_inputs_for_bp

        register_prefill("prospects", risk_inputs_for_bp)
