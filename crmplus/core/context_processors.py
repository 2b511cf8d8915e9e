from django.conf import settings


def crmplus(request):
    user = getattr(request, "user", None)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "scope_unit": user.home_unit if user is not None and user.is_authenticated else None,
    }
