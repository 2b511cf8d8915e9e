from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarsConfig(AppConfig):
    name = "crmplus.seminars"
    label = "seminars"
    verbose_name = _("Seminars")

    def ready(self) -> None:
        # Registers the "seminars.event" and "seminars.exception" approval kinds
        # and the seminar rules' settings defaults.
        from crmplus.core.extensions import (
            register_dashboard_panel,
            register_demo_step,
            register_timeline_source,
        )
        from crmplus.seminars import rules_settings, services  # noqa: F401
        from crmplus.seminars.dashboard import budget_panel
        from crmplus.seminars.demo import demo_step
        from crmplus.seminars.timeline import invitation_entries

        register_dashboard_panel("seminars.budget", _("Seminar budget use"), budget_panel, 200)
        register_demo_step("seminars", demo_step, order=200)
        register_timeline_source("seminars", invitation_entries)
