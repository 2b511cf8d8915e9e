from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI

from crmplus.api.auth import SessionAuth, TokenAuth

api = NinjaAPI(
    title="CRM Plus API",
    version="1",
    description="Key-account CRM for electricity distribution utilities. "
    "Authenticate with the browser session or a personal token (`Authorization: Bearer …`).",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Service-level rules answer 422 with field paths, like schema errors do."""
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", "payload", field], "msg": str(msg), "type": "value_error"}
            for field, errors in exc.message_dict.items()
            for msg in errors
        ]
    else:
        detail = [{"loc": ["body"], "msg": str(m), "type": "value_error"} for m in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


from crmplus.api import customers  # noqa: E402  (routers register themselves on `api`)

api.add_router("/customers", customers.router)
