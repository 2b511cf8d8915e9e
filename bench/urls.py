"""The app's URLconf plus a bare view: the floor every page is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from bench import prototypes

# Before the app's URLconf binds its views: prototypes may replace some (none by default).
PROTOTYPES = prototypes.apply()

from config.urls import urlpatterns as app_urlpatterns  # noqa: E402


def baseline(request: HttpRequest) -> HttpResponse:
    # No query, no template: what is left is WSGI + the middleware stack
    # (session read and save, user load, language, CSRF, history, axes).
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *app_urlpatterns]
