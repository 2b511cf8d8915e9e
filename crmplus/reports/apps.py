from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "crmplus.reports"
    label = "reports"
    verbose_name = _("Dashboards, process calendar and exports")

    def ready(self) -> None:
        from crmplus.core.extensions import register_daily_job
        from crmplus.reports import process_settings  # noqa: F401 - registers the setting
        from crmplus.reports.exports import exports_expire
        from crmplus.reports.exports_builtin import register_builtin_exports
        from crmplus.reports.panels import register_panels
        from crmplus.reports.process import process_reminders

        register_panels()
        register_builtin_exports()
        register_daily_job("reports.process_reminders", process_reminders)
        register_daily_job("reports.exports_expire", exports_expire)
