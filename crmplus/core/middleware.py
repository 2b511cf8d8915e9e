from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

# Paths reachable without a session: they authenticate on their own or are public.
PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/health/",
    "/static/",
    "/api/",
    "/i18n/",
    # Calendar apps and social platforms call these without a session; each view
    # authenticates the call itself (a secret feed token, a platform signature).
    "/ics/",
    "/webhooks/",
)


class UserLanguageMiddleware:
    """Activate the signed-in user's own language (Thai unless they chose English)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        if user is not None and user.is_authenticated and user.language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response


class LoginRequiredMiddleware:
    """Everything but the public prefixes needs a signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if request.headers.get("HX-Request"):
                # An expired session during an htmx swap: send the whole page to login.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse(settings.LOGIN_URL)
                return response
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.get_full_path()}")
        return self.get_response(request)
