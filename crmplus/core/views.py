from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crmplus.core import selectors, services
from crmplus.core.forms import OrgUnitForm
from crmplus.core.models import ApiToken, OrgUnit, OrgUnitKind, WorkerHeartbeat
from crmplus.core.permissions import require_hq_admin
from crmplus.customers.models import BusinessPartner, ContractAccount


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.home_unit_id is None:
        return render(request, "core/home.html", {"summaries": []})
    # Counting a million CAs per page view is wasteful: the overview is the same for
    # everyone with the same home unit, so it is computed once per cache period.
    key = f"overview:{user.home_unit_id}"
    context = cache.get(key)
    if context is None:
        units = OrgUnit.objects.for_user(user)
        summaries = selectors.area_summaries(user)
        context = {
            "summaries": summaries,
            "bp_count": BusinessPartner.objects.for_user(user).count(),
            "ca_count": ContractAccount.objects.for_user(user).count(),
            "office_count": units.filter(kind=OrgUnitKind.OFFICE).count(),
            "area_count": units.filter(kind=OrgUnitKind.AREA).count(),
            "max_customers": max((s.customers for s in summaries), default=0) or 1,
            "computed_at": timezone.now(),
        }
        cache.set(key, context, settings.CRMPLUS_OVERVIEW_CACHE_SECONDS)
    return render(request, "core/home.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    try:
        services.user_set_language(user=request.user, language=language)
    except ValidationError:
        messages.error(request, _("Unknown language."))
    next_url = request.POST.get("next") or "/"
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language, samesite="Lax")
    return response


def health(request: HttpRequest) -> JsonResponse:
    """Database and task-worker status, for load balancers and monitoring."""
    status = {"database": "ok", "worker": "down", "workers": 0}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as e:  # noqa: BLE001 - any database failure is "down"
        status["database"] = f"down: {e.__class__.__name__}"
        return JsonResponse({"status": "down", **status}, status=503)
    cutoff = timezone.now() - timezone.timedelta(seconds=settings.CRMPLUS_WORKER_STALE_SECONDS)
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=cutoff)
    status["workers"] = alive.count()
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    status["worker_last_seen"] = last.isoformat() if last else None
    if status["workers"]:
        status["worker"] = "ok"
    from django_tasks_db.models import DBTaskResult

    status["tasks_waiting"] = DBTaskResult.objects.filter(status="READY").count()
    overall = "ok" if status["worker"] == "ok" else "degraded"
    return JsonResponse({"status": overall, **status}, status=200 if overall == "ok" else 503)


def org_tree(request: HttpRequest) -> HttpResponse:
    units = (
        OrgUnit.objects.for_user(request.user)
        .exclude(kind=OrgUnitKind.OFFICE)
        .annotate(n_children=Count("children"))
        .order_by("path")
    )
    selected = request.GET.get("unit", "")
    offices = []
    if selected and not selected.isdigit():
        raise Http404
    if selected:
        parent = get_object_or_404(OrgUnit.objects.for_user(request.user), pk=selected)
        offices = OrgUnit.objects.filter(parent=parent, kind=OrgUnitKind.OFFICE).order_by("code")
    return render(
        request, "core/org_tree.html", {"units": units, "offices": offices, "selected": selected}
    )


def org_unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_hq_admin(request.user)
    unit = get_object_or_404(OrgUnit, pk=pk)
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            services.org_unit_update(unit=OrgUnit.objects.get(pk=pk), by=request.user, **data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Unit saved."))
            return redirect(f"/org/?unit={unit.parent_id or unit.pk}")
    return render(request, "core/org_unit_form.html", {"form": form, "unit": unit})


def api_tokens(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()[:100]
        if not name:
            messages.error(request, _("Give the token a name."))
        else:
            _token, new_token = ApiToken.issue(user=request.user, name=name)
    tokens = ApiToken.objects.for_user(request.user)
    return render(request, "core/api_tokens.html", {"tokens": tokens, "new_token": new_token})


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, _("Token revoked."))
    return redirect("api_tokens")
