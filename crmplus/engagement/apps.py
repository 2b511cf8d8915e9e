from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "crmplus.engagement"
    label = "engagement"
    verbose_name = _("Engagement")

    def ready(self) -> None:
        from crmplus.core.extensions import (
            register_customer_tab,
            register_daily_job,
            register_dashboard_panel,
            register_demo_step,
            register_timeline_source,
        )
        from crmplus.engagement import (
            rules_settings,  # noqa: F401  (registers the settings)
            timeline,
        )
        from crmplus.engagement.dashboard import visits_panel
        from crmplus.engagement.demo import demo_engagement_step
        from crmplus.engagement.reminders import send_reminders
        from crmplus.engagement.services_plans import register_plan_kind

        # KAM plans are approved through the approvals workflow ("engagement.plan").
        register_plan_kind()
        register_customer_tab("timeline", _("Timeline"), "engagement:customer_timeline", 50)
        register_timeline_source("visits", timeline.visit_entries)
        register_timeline_source("calls", timeline.call_entries)
        register_timeline_source("risk", timeline.risk_entries)
        register_timeline_source("approvals", timeline.approval_entries)
        register_dashboard_panel(
            "engagement.visits", _("Visits: plan vs actual"), visits_panel, order=40
        )
        register_daily_job("engagement.reminders", send_reminders)
        register_demo_step("engagement", demo_engagement_step, order=300)
