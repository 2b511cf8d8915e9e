from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from ninja import NinjaAPI, Swagger

from crmplus.api.auth import SessionAuth, TokenAuth
from crmplus.api.errors import field_errors

api = NinjaAPI(
    title="CRM Plus API",
    version="1",
    description="Key-account CRM for electricity distribution utilities. "
    "Authenticate with the browser session or a personal token (`Authorization: Bearer …`).",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    # Sites run on closed networks: ninja serves Swagger UI from its own static
    # files ("ninja" is in INSTALLED_APPS); no validator badge calling swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(IntegrityError)
def integrity_error(request, exc):
    """Two requests racing for the same BP or CA number: the loser gets 409."""
    return api.create_response(
        request, {"detail": "Conflict with a concurrent change; reload and retry."}, status=409
    )


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Service-level rules answer 422 with field paths, like schema errors do.

    Endpoints whose schema renames a model field (home_office -> home_office_code)
    translate the paths themselves with crmplus.api.errors.service_errors; this
    is the fallback for the rest, whose body parameter is named `payload`.
    """
    return api.create_response(request, {"detail": field_errors(exc)}, status=422)


from crmplus.api import customers  # noqa: E402  (routers register themselves on `api`)

api.add_router("/customers", customers.router)
api.add_router("/approvals", "crmplus.api.approvals.router")
api.add_router("/key-accounts", "crmplus.api.keyaccounts.router")
api.add_router("/risk", "crmplus.api.risk.router")
api.add_router("/workforce", "crmplus.api.workforce.router")
api.add_router("/engagement", "crmplus.api.engagement.router")
api.add_router("/technical-services", "crmplus.api.techservices.router")
api.add_router("/seminars", "crmplus.api.seminars.router")
api.add_router("/surveys", "crmplus.api.surveys.router")
api.add_router("/prospects", "crmplus.api.prospects.router")
api.add_router("/social", "crmplus.api.social.router")
