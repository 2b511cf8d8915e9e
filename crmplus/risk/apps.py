from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "crmplus.risk"
    label = "risk"
    verbose_name = _("Risk of losing customers")

    def ready(self) -> None:
        from crmplus.keyaccounts.inputs import register_attribute_provider
        from crmplus.risk import matrix_settings  # noqa: F401  (registers the settings)
        from crmplus.risk.selectors import risk_levels_frame

        # Confirmed risk levels feed the relative-strength axis of the 4S segmentation.
        register_attribute_provider(risk_levels_frame)

        # Retention plans are approved through the approvals workflow ("risk.plan").
        from crmplus.risk.services_plans import register_plan_kind

        register_plan_kind()
