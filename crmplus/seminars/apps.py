from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarsConfig(AppConfig):
    name = "crmplus.seminars"
    label = "seminars"
    verbose_name = _("Seminars")

    def ready(self) -> None:
        # Registers the "seminars.event" and "seminars.exception" approval kinds
        # and the seminar rules' settings defaults.
        from crmplus.seminars import rules_settings, services  # noqa: F401
