from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TechservicesConfig(AppConfig):
    name = "crmplus.techservices"
    label = "techservices"
    verbose_name = _("Free technical services")
