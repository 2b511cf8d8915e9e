"""The customer page's "Technical services" tab: this fiscal year's entitlement use
(used/quota per service), the customer's requests and power-quality problems."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crmplus.customers.models import BusinessPartner
from crmplus.keyaccounts.models import KeyAccount
from crmplus.keyaccounts.views import fy_value
from crmplus.techservices import selectors, services
from crmplus.techservices.forms import PqProblemForm
from crmplus.techservices.models import PowerQualityProblem, ServiceRequest


def _bp(request: HttpRequest, pk: int) -> BusinessPartner:
    return get_object_or_404(BusinessPartner.objects.for_user(request.user), pk=pk)


def _default_fy(bp: BusinessPartner) -> int:
    """This fiscal year, or the customer's latest key-account year when it has none now."""
    now = selectors.current_fy()
    years = set(KeyAccount.objects.filter(bp_id=bp.pk).values_list("fy", flat=True))
    if now in years or not years:
        return now
    return max(years)


def _context(request: HttpRequest, bp: BusinessPartner) -> dict:
    user = request.user
    fy = fy_value(request.GET.get("fy"), _default_fy(bp))
    usage = selectors.customer_usage(bp.pk, fy, user)
    rows = (
        ServiceRequest.objects.for_user(user)
        .filter(bp_id=bp.pk)
        .select_related("office", "staff")
        .order_by("-fy", "-requested_on", "-id")[:50]
    )
    return {
        "bp": bp,
        "fy": fy,
        "years": sorted({fy - 1, fy, fy + 1, selectors.current_fy()}, reverse=True),
        "usage": usage,
        "requests": rows,
        "problems": PowerQualityProblem.objects.filter(bp_id=bp.pk).select_related("recorded_by")[
            :20
        ],
        "pq_form": PqProblemForm(prefix="pq", initial={"observed_on": timezone.localdate()}),
        "can_write": user.can_write and user.role in services.WRITER_ROLES,
    }


@require_GET
def customer_tab(request: HttpRequest, pk: int) -> HttpResponse:
    bp = _bp(request, pk)
    return render(request, "techservices/_customer_tab.html", _context(request, bp))


@require_POST
def pq_record(request: HttpRequest, pk: int) -> HttpResponse:
    bp = _bp(request, pk)
    form = PqProblemForm(request.POST, prefix="pq")
    if form.is_valid():
        try:
            services.pq_problem_record(bp=bp, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("The power-quality problem is recorded."))
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errs)}" if label else " ".join(errs))
    return redirect(reverse("customers:detail", args=[bp.pk]) + "?tab=services")


@require_POST
def pq_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_object_or_404(
        PowerQualityProblem.objects.filter(
            bp__in=BusinessPartner.objects.for_user(request.user).values("id")
        ),
        pk=pk,
    )
    try:
        services.pq_problem_resolve(
            problem=problem, resolved_on=request.POST.get("resolved_on") or timezone.localdate(),
            by=request.user,
        )  # fmt: skip
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(reverse("customers:detail", args=[problem.bp_id]) + "?tab=services")
