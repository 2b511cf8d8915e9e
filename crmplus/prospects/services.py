"""Writes for the new-customer pipeline. Forms, the kanban drag, the API and the demo
all call these: one rule, one place.

- `prospect_save`: create or change a prospect (not its stage).
- `prospect_move`: to another stage, under the pipeline's rules (crmplus.prospects.rules).
- `prospect_convert`: a connected prospect becomes a BP and a CA of the registry, created
  by the registry's own services in one transaction; once only.
- `competition_save` / `competition_delete`: the SPP / self-generation alternatives.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.customers import services as customer_services
from crmplus.customers.models import BusinessPartner, ContractAccount
from crmplus.customers.validators import validate_tax_id
from crmplus.prospects.models import CompetitionAlternative, Prospect, StageChange
from crmplus.prospects.rules import (
    CONNECTED,
    PipelineRules,
    can_convert,
    is_backward,
    move_problems,
)
from crmplus.prospects.rules_settings import pipeline_for_fy

MANAGERS = {Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN, Role.HQ_ADMIN}

PROSPECT_FIELDS = {
    "company_name",
    "company_name_en",
    "tax_id",
    "sector",
    "province",
    "industrial_estate",
    "address",
    "office",
    "responsible",
    "source",
    "reference",
    "contact_person",
    "expected_load_kw",
    "expected_load_mva",
    "expected_connection_date",
    "connection_date",
    "tariff_expected",
    "probability",
    "expected_gm",
    "next_action",
    "next_action_date",
    "notes",
}
COMPETITION_FIELDS = {
    "kind",
    "provider",
    "capacity_mw",
    "offered_price",
    "discount_pct",
    "status",
    "notes",
}


def can_manage(user: User) -> bool:
    """KAMRs, Senior KAMRs, area and HQ admins work the pipeline; approvers and
    auditors read it."""
    return user.can_write and user.role in MANAGERS


def require_manage(user: User) -> None:
    require_write(user)
    if user.role not in MANAGERS:
        raise PermissionDenied(_("Your role does not allow changing prospects."))


def _apply(instance, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(instance, name, value)


def _area_of(unit: OrgUnit) -> OrgUnit | None:
    return unit.area()


def _check(prospect: Prospect, by: User, rules: PipelineRules) -> None:
    """The rules that span fields or need the database, as field errors."""
    errors: dict[str, str] = {}
    office = prospect.office if prospect.office_id else None
    ids = unit_ids_for(by)
    if office is None:
        errors["office"] = _("Choose the responsible office.")
    elif office.kind not in (OrgUnitKind.OFFICE, OrgUnitKind.AREA):
        errors["office"] = _("The responsible unit is an office or an area.")
    elif ids is not None and office.pk not in ids:
        errors["office"] = _("This unit is outside your organisation scope.")
    area = _area_of(office) if office is not None else None
    prospect.area = area
    who = prospect.responsible if prospect.responsible_id else None
    if who is not None:
        home = who.home_unit
        if not who.is_active or who.role not in MANAGERS or home is None:
            errors["responsible"] = _("Choose an active KAMR, Senior KAMR or admin.")
        elif area is not None and not (home.is_hq or home.path.startswith(area.path)):
            errors["responsible"] = _("The responsible staff must work in the prospect's area.")
    estate = prospect.industrial_estate if prospect.industrial_estate_id else None
    if estate is not None:
        if area is not None and estate.area_id and estate.area_id != area.pk:
            errors["industrial_estate"] = _("This industrial estate is in another area.")
        if not prospect.province:
            prospect.province = estate.province_th
    if prospect.tax_id:
        try:
            validate_tax_id(prospect.tax_id)
        except ValidationError as e:
            errors["tax_id"] = e.messages[0]
    today = timezone.localdate()
    reached_connected = rules.index(prospect.stage) >= rules.index(CONNECTED)
    if reached_connected and prospect.connection_date is None:
        errors["connection_date"] = _("A connected prospect needs its connection date.")
    if prospect.connection_date and prospect.connection_date > today:
        errors["connection_date"] = _("The connection date cannot be in the future.")
    if not reached_connected and prospect.connection_date:
        errors["connection_date"] = _(
            "The connection date is set when the prospect moves to connected."
        )
    if errors:
        raise ValidationError(errors)


def prospect_save(*, by: User, prospect: Prospect | None = None, **fields: Any) -> Prospect:
    """Create a prospect (in the pipeline's first stage unless `stage` is given, before
    connected) or change one. The stage itself changes only through `prospect_move`."""
    require_manage(by)
    rules = pipeline_for_fy()
    creating = prospect is None
    stage = fields.pop("stage", None)
    if creating:
        stage = stage or rules.stages[0].key
        if rules.stage(stage) is None:
            raise ValidationError({"stage": _("Unknown stage.")})
        if rules.index(stage) >= rules.index(CONNECTED):
            raise ValidationError(
                {"stage": _("A new prospect starts before connected: move it there.")}
            )
        prospect = Prospect(stage=stage, created_by=by)
        if "probability" not in fields or fields["probability"] in (None, ""):
            fields["probability"] = rules.stage(stage).probability
    elif stage is not None and stage != prospect.stage:
        raise ValidationError({"stage": _("Move the prospect to change its stage.")})
    _apply(prospect, fields, PROSPECT_FIELDS)
    with transaction.atomic():
        if not creating:
            Prospect.objects.select_for_update().filter(pk=prospect.pk).first()
        _check(prospect, by, rules)
        now = timezone.now()
        if creating:
            prospect.stage_entered_at = now
        prospect.full_clean()
        prospect._change_reason = "created" if creating else "edited"
        prospect._history_user = by
        prospect.save()
        if creating:
            StageChange.objects.create(
                prospect=prospect, from_stage="", to_stage=prospect.stage, at=now, by=by
            )
    return prospect


def prospect_move(
    *,
    prospect: Prospect,
    to_stage: str,
    by: User,
    note: str = "",
    connection_date: dt.date | None = None,
    probability: int | None = None,
) -> Prospect:
    """Move a prospect to `to_stage`: forward any number of stages; backward only with a
    reason (`note`); into "connected" (or later) only with the connection date; "handed
    to KAM" only after conversion. Its probability becomes the stage's default unless
    one is given."""
    require_manage(by)
    rules = pipeline_for_fy()
    note = (note or "").strip()
    with transaction.atomic():
        locked = Prospect.objects.select_for_update().get(pk=prospect.pk)
        date = connection_date or locked.connection_date
        problems = move_problems(
            rules,
            current=locked.stage,
            target=to_stage,
            reason=note,
            connection_date=date,
            converted=locked.is_converted,
            today=timezone.localdate(),
        )
        if problems:
            raise ValidationError({p.field: _move_message(p.code) for p in problems})
        if probability is not None and not 0 <= int(probability) <= 100:
            raise ValidationError({"probability": _("A probability is 0 to 100 %.")})
        now = timezone.now()
        backward = is_backward(rules, locked.stage, to_stage)
        StageChange.objects.create(
            prospect=locked,
            from_stage=locked.stage,
            to_stage=to_stage,
            at=now,
            by=by,
            note=note[:500],
            backward=backward,
        )
        locked.stage = to_stage
        locked.stage_entered_at = now
        if rules.index(to_stage) >= rules.index(CONNECTED):
            locked.connection_date = date
        elif not locked.is_converted:
            locked.connection_date = None  # back before connected: not connected after all
        locked.probability = (
            int(probability) if probability is not None else rules.stage(to_stage).probability
        )
        locked._change_reason = f"stage {to_stage}"
        locked._history_user = by
        locked.save()
    prospect.refresh_from_db()
    return prospect


def _move_message(code: str) -> str:
    return {
        "unknown_stage": _("Unknown stage."),
        "same_stage": _("The prospect is already in this stage."),
        "reason_needed": _("Moving back needs a reason."),
        "connection_date_needed": _("Give the connection date to mark the prospect connected."),
        "connection_date_future": _("The connection date cannot be in the future."),
        "not_converted": _("Convert the prospect to a customer before handing it to a KAM."),
        "converted_back": _("A converted prospect cannot go back before connected."),
    }[code]


CONVERT_ALIASES = {"home_office": "office"}


def prospect_convert(
    *,
    prospect: Prospect,
    by: User,
    bp_number: str,
    ca_number: str,
    office: OrgUnit | None = None,
    tariff: str = "",
    contracted_demand_kw: Decimal | None = None,
    is_tou: bool = False,
    name_th: str = "",
    name_en: str = "",
    tax_id: str | None = None,
    site_name: str = "",
) -> BusinessPartner:
    """Create the BP and its first CA for a connected prospect through the registry's
    services, in one transaction, and link them; the prospect keeps its history and is
    proposed for the next key-account selection. Refused when already converted."""
    require_manage(by)
    rules = pipeline_for_fy()
    with transaction.atomic():
        locked = Prospect.objects.select_for_update().get(pk=prospect.pk)
        if locked.is_converted:
            raise ValidationError(
                {NON_FIELD_ERRORS: _("This prospect is already a customer (BP %(bp)s).")
                 % {"bp": locked.bp.bp_number}}
            )  # fmt: skip
        if not can_convert(rules, stage=locked.stage, converted=False):
            raise ValidationError(
                {NON_FIELD_ERRORS: _("Only a connected prospect can become a customer.")}
            )
        office = office or (locked.office if locked.office.kind == OrgUnitKind.OFFICE else None)
        if office is None or office.kind != OrgUnitKind.OFFICE:
            raise ValidationError({"office": _("The contract account needs an office.")})
        bp_fields = {
            "bp_number": bp_number,
            "name_th": name_th or locked.company_name,
            "name_en": name_en or locked.company_name_en,
            "tax_id": locked.tax_id if tax_id is None else tax_id,
            "business_type": locked.sector,
            "industrial_estate": locked.industrial_estate,
            "home_office": office,
            "address": locked.address,
        }
        ca_fields = {
            "ca_number": ca_number,
            "office": office,
            "tariff": tariff or locked.tariff_expected,
            "is_tou": is_tou,
            "contracted_demand_kw": (
                locked.expected_load_kw if contracted_demand_kw is None else contracted_demand_kw
            ),
            "site_name": site_name or locked.company_name,
        }
        # Tenure counts from the real connection date once the registry lets it be set.
        if "connected_on" in customer_services.CA_FIELDS:
            ca_fields["connected_on"] = locked.connection_date
        errors: dict[str, list] = {}
        bp = ca = None
        try:
            bp = customer_services.bp_create(by=by, **bp_fields)
        except ValidationError as e:
            _collect(errors, e)
        if bp is not None:
            try:
                ca = customer_services.ca_create(by=by, bp=bp, **ca_fields)
            except ValidationError as e:
                _collect(errors, e)
        else:  # still check the CA number, so the user sees every problem at once
            probe = ContractAccount(ca_number=str(ca_number).strip())
            try:
                probe.full_clean(exclude=["bp", "office", "tariff"], validate_constraints=False)
            except ValidationError as e:
                _collect(errors, e)
        if errors:
            raise ValidationError(errors)  # the BP created above is rolled back
        locked.bp, locked.ca = bp, ca
        locked.converted_at = timezone.now()
        locked.converted_by = by
        locked.proposed_ka_fy = fiscal_year(timezone.localdate()) + 1
        locked._change_reason = f"converted to BP {bp.bp_number}"
        locked._history_user = by
        locked.save()
    prospect.refresh_from_db()
    return bp


def _collect(errors: dict[str, list], exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        errors.setdefault(NON_FIELD_ERRORS, []).extend(exc.messages)
        return
    for name, errs in exc.error_dict.items():
        key = CONVERT_ALIASES.get(name, name)
        for err in errs:
            errors.setdefault(key, []).extend(err.messages)


def competition_save(
    *,
    prospect: Prospect,
    by: User,
    alternative: CompetitionAlternative | None = None,
    **fields: Any,
) -> CompetitionAlternative:
    """Record (or change) an alternative the prospect considers: SPP, solar, cogeneration."""
    require_manage(by)
    if alternative is not None and alternative.prospect_id != prospect.pk:
        raise ValidationError(_("This alternative belongs to another prospect."))
    alternative = alternative or CompetitionAlternative(prospect=prospect)
    _apply(alternative, fields, COMPETITION_FIELDS)
    alternative._history_user = by
    with transaction.atomic():
        alternative.full_clean()
        alternative.save()
    return alternative


def competition_delete(*, alternative: CompetitionAlternative, by: User) -> None:
    require_manage(by)
    alternative.delete()
