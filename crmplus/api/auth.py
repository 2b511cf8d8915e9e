"""API authentication: the browser session (with CSRF) or a personal bearer token."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja.security import APIKeyCookie, HttpBearer

from crmplus.core.models import ApiToken, User


class TokenAuth(HttpBearer):
    """`Authorization: Bearer crm_…`: a personal token from ApiToken.issue."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = ApiToken.authenticate(token)
        if user is not None:
            # Services, history records and scoping read request.user; messages
            # follow the token owner's own language, as they do in the UI.
            request.user = user
            translation.activate(user.language)
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; CSRF is checked for unsafe methods.

    ninja marks its views csrf_exempt and lets APIKeyCookie(csrf=True) run
    Django's CSRF check instead. The check runs only when there is a signed-in
    session: a request without one (say, a revoked token on a POST) has nothing
    to protect and must answer 401, not a misleading "CSRF check failed" 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not self._session_user(request):
            return None
        return super()._get_key(request)  # raises HttpError(403) on a CSRF failure

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return self._session_user(request)

    @staticmethod
    def _session_user(request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None
