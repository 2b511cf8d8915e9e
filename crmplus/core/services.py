"""Writes for the organisation tree and users. Views, commands and the API call these."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crmplus.core.models import KIND_RANK, OfficeClass, OrgUnit, OrgUnitKind, User
from crmplus.core.permissions import require_hq_admin

ORG_COLUMNS = ["code", "parent_code", "kind", "office_class", "name_th", "name_en"]


@dataclass
class OrgLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _read_org_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != ORG_COLUMNS:
        raise ValidationError(
            _("The file must have exactly these columns: %(cols)s")
            % {"cols": ",".join(ORG_COLUMNS)}
        )
    return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _validate_org_rows(rows: list[dict[str, str]]) -> list[str]:
    errors: list[str] = []
    kinds = set(OrgUnitKind.values)
    classes = set(OfficeClass.values)
    seen: dict[str, dict[str, str]] = {}
    existing = dict(OrgUnit.objects.values_list("code", "kind"))
    for line, row in enumerate(rows, start=2):
        code = row["code"]
        if not code:
            errors.append(_("line %(line)d: code is empty") % {"line": line})
            continue
        if code in seen:
            errors.append(_("line %(line)d: code %(code)s repeats") % {"line": line, "code": code})
        seen[code] = row
        if row["kind"] not in kinds:
            errors.append(
                _("line %(line)d: kind must be one of %(kinds)s")
                % {"line": line, "kinds": "/".join(sorted(kinds))}
            )
        if row["kind"] == OrgUnitKind.OFFICE and row["office_class"] not in classes:
            errors.append(
                _("line %(line)d: office_class must be one of %(classes)s")
                % {"line": line, "classes": "/".join(sorted(classes))}
            )
        if row["kind"] != OrgUnitKind.OFFICE and row["office_class"]:
            errors.append(_("line %(line)d: only offices have an office_class") % {"line": line})
        if not row["name_th"]:
            errors.append(_("line %(line)d: name_th is empty") % {"line": line})
    for line, row in enumerate(rows, start=2):
        kind, parent = row["kind"], row["parent_code"]
        if kind not in kinds:
            continue
        if kind == OrgUnitKind.HQ:
            if parent:
                errors.append(_("line %(line)d: the head office has no parent") % {"line": line})
            continue
        parent_kind = seen[parent]["kind"] if parent in seen else existing.get(parent)
        if parent_kind is None:
            errors.append(
                _("line %(line)d: parent %(parent)s is unknown") % {"line": line, "parent": parent}
            )
        elif parent_kind in kinds and KIND_RANK[parent_kind] >= KIND_RANK[kind]:
            errors.append(
                _("line %(line)d: a %(kind)s cannot sit under a %(parent_kind)s")
                % {"line": line, "kind": kind, "parent_kind": parent_kind}
            )
    return errors


def org_load(*, text: str) -> OrgLoadResult:
    """Upsert the organisation tree from CSV text, all or nothing.

    Units are matched by code; units missing from the file are left as they are
    (a utility retires a unit by setting it inactive, never by deleting history).
    """
    rows = _read_org_rows(text)
    errors = _validate_org_rows(rows)
    if errors:
        raise ValidationError(errors)
    result = OrgLoadResult()
    rows.sort(key=lambda r: KIND_RANK[r["kind"]])
    with transaction.atomic():
        by_code = {u.code: u for u in OrgUnit.objects.all()}
        for row in rows:
            parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
            unit = by_code.get(row["code"])
            values = {
                "parent": parent,
                "kind": row["kind"],
                "office_class": row["office_class"],
                "name_th": row["name_th"],
                "name_en": row["name_en"],
            }
            if unit is None:
                unit = OrgUnit(code=row["code"], **values)
                unit.save()
                result.created += 1
            elif any(
                getattr(unit, f if f != "parent" else "parent_id")
                != (v if f != "parent" else (v.pk if v else None))
                for f, v in values.items()
            ):
                for f, v in values.items():
                    setattr(unit, f, v)
                unit.save()
                result.updated += 1
            else:
                result.unchanged += 1
            by_code[unit.code] = unit
    return result


def org_load_file(*, path: Path) -> OrgLoadResult:
    return org_load(text=path.read_text(encoding="utf-8-sig"))


def org_unit_update(*, unit: OrgUnit, by: User, **fields) -> OrgUnit:
    require_hq_admin(by)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(unit, name, value)
        unit.full_clean()
        unit.save()
    return unit


def user_set_language(*, user: User, language: str) -> None:
    if language not in {"th", "en"}:
        raise ValidationError({"language": _("Unknown language.")})
    user.language = language
    user.save(update_fields=["language", "is_staff"])
