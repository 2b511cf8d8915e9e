from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "crmplus.workforce"
    label = "workforce"
    verbose_name = _("KAMR workforce")

    def ready(self) -> None:
        # Registers the "workforce.appointment" and "workforce.allowance" approval kinds
        # and the workforce settings.
        from crmplus.core.extensions import register_daily_job, register_dashboard_panel
        from crmplus.workforce import allowance, rules_settings, services  # noqa: F401
        from crmplus.workforce.notices import training_notices_run
        from crmplus.workforce.panels import training_panel
        from crmplus.workforce.tasks import allowance_daily_job

        # Reminders before the Key Account course deadline, escalation once overdue.
        register_daily_job("workforce.training_notices", training_notices_run)
        # Last month's allowance ledgers, on the first days of a month.
        register_daily_job("workforce.allowance_ledgers", allowance_daily_job)
        register_dashboard_panel(
            "workforce.training", _("Training compliance"), training_panel, order=60
        )
