"""A proposed key-account list: what one approver decides (HQ's, or one area's)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crmplus.approvals.services import approval_for
from crmplus.keyaccounts import selectors, services
from crmplus.keyaccounts.forms import SubmitForm
from crmplus.keyaccounts.models import ProposedList
from crmplus.keyaccounts.views import form_errors_from


@require_http_methods(["GET", "POST"])
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plist = get_object_or_404(
        ProposedList.objects.for_user(user).select_related("run", "run__extract", "unit"), pk=pk
    )
    allowed = selectors.can_submit(user, plist)
    form = SubmitForm(request.POST or None) if (allowed or request.method == "POST") else None
    if request.method == "POST" and form.is_valid():
        try:
            # The service decides: a PermissionDenied here is the 403 page.
            services.list_submit(plist=plist, by=user, comment=form.cleaned_data["comment"])
        except ValidationError as e:
            form_errors_from(form, e)
        else:
            messages.success(request, _("The list is sent for approval."))
            return redirect(plist)
    if form is not None and not allowed and not form.errors:
        form = None
    return render(
        request,
        "keyaccounts/list.html",
        {
            "plist": plist,
            "run": plist.run,
            "counts": selectors.list_segment_counts(plist),
            "approval": approval_for(plist),
            "form": form,
            "accounts_url": selectors.accounts_url(plist.run_id, area=plist.unit_id),
        },
    )
