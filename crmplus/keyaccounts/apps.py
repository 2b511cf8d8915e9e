from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeyAccountsConfig(AppConfig):
    name = "crmplus.keyaccounts"
    label = "keyaccounts"
    verbose_name = _("Key accounts")

    def ready(self) -> None:
        # Registers the "keyaccounts.list" approval kind.
        from crmplus.keyaccounts import services  # noqa: F401
