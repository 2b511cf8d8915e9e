from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "crmplus.social"
    label = "social"
    verbose_name = _("Social-media CRM")

    def ready(self) -> None:
        from crmplus.core.extensions import (
            register_daily_job,
            register_dashboard_panel,
            register_demo_step,
            register_timeline_source,
        )
        from crmplus.social import rules_settings  # noqa: F401  (registers the settings)
        from crmplus.social.demo import demo_load
        from crmplus.social.services_pdpa import identities_erase_expired
        from crmplus.social.timeline import social_timeline
        from crmplus.social.views_dashboard import dashboard_panel

        register_daily_job("social.pdpa_retention", identities_erase_expired)
        register_dashboard_panel("social", _("Social-media cases"), dashboard_panel, order=600)
        register_demo_step("social", demo_load, order=600)
        register_timeline_source("social", social_timeline)
