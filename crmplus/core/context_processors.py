from django.conf import settings
from django.utils import timezone


def crmplus(request):
    user = getattr(request, "user", None)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "today": timezone.localdate(),
        "scope_unit": user.home_unit if user is not None and user.is_authenticated else None,
    }
