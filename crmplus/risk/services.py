"""Writes for risk assessments. Screens, the API and imports all call these.

    a = assessment_save(bp=bp, office=office, fy=2569, values={"spp_offer": True, …},
                        notes={"spp_offer": "Offer letter seen on 3 Mar"}, by=kamr)
    assessment_submit(assessment=a, by=kamr)
    assessment_confirm(assessment=a, by=senior_kamr)      # or assessment_return(…, note=…)

Rules, in one place: a KAMR, Senior KAMR or area admin assesses customers in their
scope; P, I, score and level always come from the fiscal year's matrix (stored with
the assessment); factors asking for evidence need a note or a file; a Senior KAMR or
area admin of the scope reviews, never the assessor; sending back needs a note. Any
error leaves the database (and the current assessment) as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.core.settings_registry import rule_get
from crmplus.customers.models import BusinessPartner, ContractAccount
from crmplus.keyaccounts.models import KeyAccount
from crmplus.risk.matrix_settings import EVIDENCE_MAX_MB_KEY, EVIDENCE_TYPES_KEY, matrix_for_fy
from crmplus.risk.models import AssessmentStatus, RiskAssessment, RiskEvidence
from crmplus.risk.scoring import FactorError, MatrixRules, assess, evidence_needed

ASSESS_ROLES = {Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN}
REVIEW_ROLES = {Role.SENIOR_KAMR, Role.AREA_ADMIN}
EDITABLE = {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED, AssessmentStatus.CONFIRMED}
TEXT_MAX = 5000

Attachments = Mapping[str, Sequence[File]]


# -- helpers ---------------------------------------------------------------------------
def _text(value: Any, field: str, *, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        raise ValidationError({field: _("Text cannot contain NUL characters.")})
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: _("At most %(n)s characters, please.") % {"n": TEXT_MAX}})
    return text


def _label(rules: MatrixRules, key: str) -> str:
    try:
        _axis, factor = rules.factor(key)
    except FactorError:
        return key
    return factor.label_en if get_language() == "en" else factor.label_th


def _factor_error(e: FactorError, rules: MatrixRules) -> ValidationError:
    """The pure engine's error in the user's language, under the factor's key."""
    params = {"factor": _label(rules, e.factor), **{k: str(v) for k, v in e.params.items()}}
    messages = {
        "unknown": _("%(factor)s is not a factor of this year's matrix."),
        "missing": _("%(factor)s: a value is required."),
        "invalid": _("%(factor)s: this value cannot be read (%(value)s)."),
        "evidence": _("%(factor)s: add a note or a file as evidence for this value."),
    }
    if e.code == "out_of_range":
        if "allowed" in params:
            text = _("%(factor)s: %(value)s is not one of the choices (%(allowed)s).")
        elif params.get("maximum"):
            text = _("%(factor)s: %(value)s is outside %(minimum)s–%(maximum)s.")
        else:
            text = _("%(factor)s: %(value)s is below the minimum %(minimum)s.")
    else:
        params["why"] = str(e)
        text = messages.get(e.code, _("%(factor)s: %(why)s"))
    return ValidationError({e.factor: text % params}, code=e.code)


def _fy_check(fy: Any) -> int:
    if isinstance(fy, bool) or not isinstance(fy, int) or not 2400 < fy < 2700:
        raise ValidationError({"fy": _("Give the fiscal year in Buddhist era, e.g. 2570.")})
    return fy


def _in_scope(user: User, unit_id: int) -> bool:
    ids = unit_ids_for(user)
    return ids is None or unit_id in ids


def owner_for(*, bp: BusinessPartner, office: OrgUnit, fy: int) -> OrgUnit:
    """Who owns the account: the key account's owner (that year's, else the newest),
    else HQ for a national customer (home unit HQ), else the office itself."""
    kas = KeyAccount.objects.filter(bp=bp, office=office).select_related("owner")
    ka = kas.filter(fy__lte=fy).order_by("-fy").first() or kas.order_by("fy").first()
    if ka is not None:
        return ka.owner
    if bp.home_office.is_hq:
        return bp.home_office
    return office


def _notes(notes: Mapping[str, Any] | None, rules: MatrixRules) -> dict[str, str]:
    out = {}
    for key, value in (notes or {}).items():
        try:
            rules.factor(str(key))
        except FactorError as e:
            raise _factor_error(e, rules) from None
        text = _text(value, f"notes.{key}")
        if text:
            out[str(key)] = text
    return out


def _files(attachments: Attachments | None, rules: MatrixRules, fy: int) -> list[tuple[str, File]]:
    """Checked (factor, file) pairs: a known factor, an allowed type, within the size cap."""
    allowed = {str(t).lower().lstrip(".") for t in rule_get(EVIDENCE_TYPES_KEY, fy)}
    max_mb = float(rule_get(EVIDENCE_MAX_MB_KEY, fy))
    out = []
    for key, files in (attachments or {}).items():
        try:
            rules.factor(str(key))
        except FactorError as e:
            raise _factor_error(e, rules) from None
        for upload in files:
            name = PurePath(upload.name or "").name
            ext = PurePath(name).suffix.lower().lstrip(".")
            if ext not in allowed:
                raise ValidationError(
                    {
                        f"files.{key}": _("%(name)s: only these file types: %(types)s.")
                        % {"name": name, "types": ", ".join(sorted(allowed))}
                    }
                )
            if upload.size is None or upload.size > max_mb * 1024 * 1024:
                raise ValidationError(
                    {
                        f"files.{key}": _("%(name)s is larger than %(mb)s MB.")
                        % {"name": name, "mb": f"{max_mb:g}"}
                    }
                )
            if upload.size == 0:
                raise ValidationError({f"files.{key}": _("%(name)s is empty.") % {"name": name}})
            out.append((str(key), upload))
    return out


def _evidence_factors(assessment: RiskAssessment | None) -> set[str]:
    if assessment is None or assessment.pk is None:
        return set()
    return set(assessment.evidence.values_list("factor", flat=True)) | set(assessment.notes)


def _check_assessor(by: User) -> None:
    require_write(by)
    if by.role not in ASSESS_ROLES:
        raise PermissionDenied(_("Only KAMRs, Senior KAMRs and area admins assess risk."))


def _check_scope(assessment: RiskAssessment, by: User) -> None:
    if not _in_scope(by, assessment.owner_id):
        raise PermissionDenied(_("This account is outside your organisation scope."))


def _store_files(assessment: RiskAssessment, files: list[tuple[str, File]], by: User) -> None:
    for key, upload in files:
        name = PurePath(upload.name).name
        evidence = RiskEvidence(
            assessment=assessment, factor=key, file_name=name[:255], size=upload.size, added_by=by
        )
        evidence._history_user = by
        evidence.file.save(name, upload, save=False)
        evidence.save()


# -- services --------------------------------------------------------------------------
def assessment_save(
    *,
    bp: BusinessPartner,
    office: OrgUnit,
    fy: int,
    values: Mapping[str, Any],
    notes: Mapping[str, Any] | None = None,
    by: User,
    attachments: Attachments | None = None,
) -> RiskAssessment:
    """Create or change the current assessment of (fy, BP, office) as a draft.

    P, I, score and level are recomputed from the fiscal year's matrix, which is stored
    with the assessment. Changing a confirmed assessment reopens it (a reassessment:
    the confirmed version stays in the history). One waiting for review cannot change.
    """
    _check_assessor(by)
    fy = _fy_check(fy)
    if office.kind != OrgUnitKind.OFFICE:
        raise ValidationError({"office": _("Choose the office the key account belongs to.")})
    owner = owner_for(bp=bp, office=office, fy=fy)
    visible = BusinessPartner.objects.for_user(by).filter(pk=bp.pk).exists()
    if not visible or not _in_scope(by, owner.pk):
        raise PermissionDenied(_("This customer is outside your organisation scope."))
    served = (
        bp.home_office_id == office.pk
        or ContractAccount.objects.filter(bp=bp, office=office).exists()
    )
    if not served:
        raise ValidationError({"office": _("This customer has no contract account here.")})
    if not isinstance(values, Mapping):
        raise ValidationError({"values": _("Give the factor values.")})
    rules = matrix_for_fy(fy)
    clean_notes = _notes(notes, rules)
    files = _files(attachments, rules, fy)
    with transaction.atomic():
        current = (
            RiskAssessment.objects.select_for_update().filter(fy=fy, bp=bp, office=office).first()
        )
        if current is not None and current.status not in EDITABLE:
            raise ValidationError(
                _("This assessment is waiting for review: it cannot change until reviewed.")
            )
        # Evidence: this save's notes and files, and files already attached.
        have = set(clean_notes) | {key for key, _f in files}
        if current is not None:
            have |= set(current.evidence.values_list("factor", flat=True))
        try:
            result = assess(rules, values, evidence=have)
        except FactorError as e:
            raise _factor_error(e, rules) from None
        assessment = current or RiskAssessment(fy=fy, bp=bp, office=office)
        reopened = current is not None and current.status == AssessmentStatus.CONFIRMED
        assessment.owner = owner
        assessment.values = result.values
        assessment.notes = clean_notes
        assessment.p, assessment.i = result.p, result.i
        assessment.score, assessment.level = result.score, result.level
        assessment.matrix = rules.to_dict()
        assessment.explain_en, assessment.explain_th = result.explain_en, result.explain_th
        assessment.assessed_by = by
        assessment.status = AssessmentStatus.DRAFT
        assessment.submitted_at = None
        if reopened:
            assessment.reviewed_by, assessment.reviewed_at, assessment.review_note = None, None, ""
        assessment._change_reason = "reassessed" if reopened else "assessed"
        assessment._history_user = by
        try:
            with transaction.atomic():
                assessment.save()
        except IntegrityError:
            raise ValidationError(
                _("Someone else assessed this account at the same time: reload and try again.")
            ) from None
        _store_files(assessment, files, by)
    return assessment


def evidence_add(
    *,
    assessment: RiskAssessment,
    factor: str,
    by: User,
    note: str = "",
    file: File | None = None,
) -> RiskEvidence:
    """Add a note or a file backing one factor (before submitting)."""
    _check_assessor(by)
    _check_scope(assessment, by)
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise ValidationError(_("This assessment is waiting for review: it cannot change."))
    rules = MatrixRules.from_dict(assessment.matrix)
    note = _text(note, "note")
    files = _files({factor: [file]} if file is not None else {factor: []}, rules, assessment.fy)
    if not note and not files:
        raise ValidationError({"note": _("Give a note or a file.")})
    with transaction.atomic():
        if files:
            _store_files(assessment, files, by)
            evidence = assessment.evidence.order_by("-id").first()
            if note:
                evidence.note = note
                evidence.save(update_fields=["note"])
        else:
            evidence = RiskEvidence(assessment=assessment, factor=factor, note=note, added_by=by)
            evidence._history_user = by
            evidence.save()
    return evidence


def assessment_submit(*, assessment: RiskAssessment, by: User) -> RiskAssessment:
    """Send the assessment for review; the evidence the matrix asks for must be there."""
    _check_assessor(by)
    _check_scope(assessment, by)
    if assessment.status not in {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED}:
        raise ValidationError(
            _("Only a draft or a sent-back assessment can be submitted (it is %(status)s).")
            % {"status": assessment.get_status_display()}
        )
    rules = MatrixRules.from_dict(assessment.matrix)
    have = _evidence_factors(assessment)
    missing = [k for k in evidence_needed(rules, assessment.values) if k not in have]
    if missing:
        raise _factor_error(
            FactorError(missing[0], "evidence", f"{missing[0]}: evidence is required"), rules
        )
    with transaction.atomic():
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment._change_reason = "submitted"
        assessment._history_user = by
        assessment.save()
    return assessment


def _check_reviewer(assessment: RiskAssessment, by: User) -> None:
    require_write(by)
    if by.role not in REVIEW_ROLES:
        raise PermissionDenied(_("Only a Senior KAMR or an area admin reviews assessments."))
    _check_scope(assessment, by)
    if assessment.assessed_by_id == by.pk:
        raise PermissionDenied(_("You cannot review an assessment you made."))
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted assessment can be reviewed (it is %(status)s).")
            % {"status": assessment.get_status_display()}
        )


def assessment_confirm(*, assessment: RiskAssessment, by: User, note: str = "") -> RiskAssessment:
    """Confirm the level: from now on it is PEA's view (and feeds the 4S strength axis)."""
    _check_reviewer(assessment, by)
    note = _text(note, "note")
    with transaction.atomic():
        assessment.status = AssessmentStatus.CONFIRMED
        assessment.reviewed_by, assessment.reviewed_at = by, timezone.now()
        assessment.review_note = note
        assessment._change_reason = "confirmed"
        assessment._history_user = by
        assessment.save()
    return assessment


def assessment_return(*, assessment: RiskAssessment, by: User, note: str) -> RiskAssessment:
    """Send the assessment back to the assessor with what to change."""
    _check_reviewer(assessment, by)
    note = _text(note, "note", required=True)
    with transaction.atomic():
        assessment.status = AssessmentStatus.RETURNED
        assessment.reviewed_by, assessment.reviewed_at = by, timezone.now()
        assessment.review_note = note
        assessment._change_reason = "returned"
        assessment._history_user = by
        assessment.save()
    return assessment
