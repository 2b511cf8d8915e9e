from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "crmplus.surveys"
    label = "surveys"
    verbose_name = _("Surveys and the yearly report")

    def ready(self) -> None:
        from crmplus.core.extensions import (
            register_customer_tab,
            register_dashboard_panel,
            register_demo_step,
            register_timeline_source,
        )
        from crmplus.surveys import rules_settings  # noqa: F401  (registers the settings)
        from crmplus.surveys.demo import demo_surveys_load
        from crmplus.surveys.panels import satisfaction_trend_panel, survey_timeline

        register_customer_tab("satisfaction", _("Satisfaction"), "surveys:customer_tab", order=400)
        register_timeline_source("surveys", survey_timeline)
        register_dashboard_panel(
            "surveys.trend", _("Satisfaction trend"), satisfaction_trend_panel, order=400
        )
        register_demo_step("surveys", demo_surveys_load, order=400)
