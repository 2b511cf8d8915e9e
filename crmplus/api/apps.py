from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "crmplus.api"
    label = "api"
    verbose_name = "API"
