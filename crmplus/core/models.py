"""Organisation tree, users with roles and home units, API tokens, settings registry."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crmplus.core.scoping import ScopedQuerySet

# Sent after a unit (and so its subtree) moved under another parent.
org_unit_moved = Signal()


class OrgUnitKind(models.TextChoices):
    HQ = "hq", _("Head office")
    REGION = "region", _("Region")
    AREA = "area", _("Area")
    OFFICE = "office", _("Office")


class OfficeClass(models.TextChoices):
    """PEA office types under an area (BRIEF §2)."""

    PROVINCIAL = "pro", _("Provincial office (PEA-P)")
    BRANCH_1 = "b1", _("Branch office class 1")
    BRANCH_2 = "b2", _("Branch office class 2")
    BRANCH_3 = "b3", _("Branch office class 3")
    SUB_BRANCH = "sub", _("Sub-branch office")
    SMALL = "small", _("Small unit")


# The order a tree must be loaded in: a parent's kind always comes first.
KIND_RANK = {OrgUnitKind.HQ: 0, OrgUnitKind.REGION: 1, OrgUnitKind.AREA: 2, OrgUnitKind.OFFICE: 3}


class OrgUnitQuerySet(ScopedQuerySet):
    scope_field = "id"


class OrgUnit(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=OrgUnitKind.choices)
    office_class = models.CharField(
        _("office class"), max_length=8, choices=OfficeClass.choices, blank=True
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    # Materialised path ("/HQ/R1/N1/N1-0001/"): a subtree is one indexed prefix query.
    path = models.CharField(max_length=400, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        old_path = None
        if self.pk:
            old_path = OrgUnit.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self.compute_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moving a unit moves its subtree: rewrite the descendants' paths.
            for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child.path = self.path + child.path[len(old_path) :]
                OrgUnit.objects.filter(pk=child.pk).update(path=child.path)
            # Derived scope data (crmplus.customers.scope) follows the new shape.
            org_unit_moved.send(sender=OrgUnit, unit=self)

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    @property
    def is_hq(self) -> bool:
        return self.kind == OrgUnitKind.HQ

    @property
    def is_branch_1_to_3(self) -> bool:
        return self.office_class in {
            OfficeClass.BRANCH_1,
            OfficeClass.BRANCH_2,
            OfficeClass.BRANCH_3,
        }

    def clean(self) -> None:
        if self.kind == OrgUnitKind.HQ and self.parent_id:
            raise ValidationError({"parent": _("The head office has no parent unit.")})
        if self.kind != OrgUnitKind.HQ and not self.parent_id:
            raise ValidationError({"parent": _("Every unit but the head office needs a parent.")})
        if self.parent_id and KIND_RANK[self.parent.kind] >= KIND_RANK[self.kind]:
            raise ValidationError({"parent": _("A unit must sit under a unit of a higher level.")})
        if self.kind == OrgUnitKind.OFFICE and not self.office_class:
            raise ValidationError({"office_class": _("An office needs its office class.")})
        if self.kind != OrgUnitKind.OFFICE and self.office_class:
            raise ValidationError({"office_class": _("Only offices have an office class.")})

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    def subtree_ids(self) -> list[int]:
        return list(OrgUnit.objects.filter(path__startswith=self.path).values_list("id", flat=True))

    def ancestors(self) -> list[OrgUnit]:
        codes = [c for c in self.path.strip("/").split("/")][:-1]
        by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def area(self) -> OrgUnit | None:
        """The area this unit belongs to (itself if it is an area)."""
        if self.kind == OrgUnitKind.AREA:
            return self
        for unit in reversed(self.ancestors()):
            if unit.kind == OrgUnitKind.AREA:
                return unit
        return None


class Role(models.TextChoices):
    KAMR = "kamr", _("Key account manager (KAMR)")
    SENIOR_KAMR = "senior_kamr", _("Senior KAMR")
    AREA_ADMIN = "area_admin", _("Area CRM admin")
    HQ_ADMIN = "hq_admin", _("HQ admin")
    APPROVER = "approver", _("Approver")
    AUDITOR = "auditor", _("Auditor (read-only)")


class UserQuerySet(ScopedQuerySet):
    scope_field = "home_unit"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    home_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("home unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.KAMR)
    language = models.CharField(
        _("language"), max_length=8, choices=[("th", "ไทย"), ("en", "English")], default="th"
    )
    employee_number = models.CharField(_("employee number"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def can_write(self) -> bool:
        return self.is_active and self.role != Role.AUDITOR and self.home_unit_id is not None

    @property
    def is_hq_admin(self) -> bool:
        return self.role == Role.HQ_ADMIN and self.home_unit_id is not None and self.home_unit.is_hq

    def save(self, *args, **kwargs) -> None:
        # The Django admin is for HQ admins only: staff status follows the role.
        self.is_staff = self.is_superuser or (
            self.role == Role.HQ_ADMIN and self.home_unit_id is not None and self.home_unit.is_hq
        )
        super().save(*args, **kwargs)


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user: User):
        return self.filter(user=user)


class ApiToken(models.Model):
    """A personal API token; only its hash is stored, the raw value is shown once."""

    PREFIX = "crm_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=_token_hash(raw), key_prefix=raw[:8]
        )
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.select_related("user", "user__home_unit")
            .filter(key_hash=_token_hash(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class SettingValue(models.Model):
    """A rule value (threshold, weight, quota, rate, cap) effective from a fiscal year.

    Code holds defaults only (crmplus.core.settings_registry); a row here
    overrides the default from `effective_fy` (Buddhist-era fiscal year) on.
    """

    key = models.CharField(_("key"), max_length=100)
    effective_fy = models.PositiveIntegerField(_("effective from fiscal year (B.E.)"))
    value = models.JSONField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule setting")
        verbose_name_plural = _("rule settings")
        unique_together = [("key", "effective_fy")]
        ordering = ["key", "-effective_fy"]

    def __str__(self) -> str:
        return f"{self.key} FY{self.effective_fy}"


class WorkerHeartbeat(models.Model):
    """Written every few seconds by `manage.py worker`, read by /health/."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class DailyJobRun(models.Model):
    """One registered daily job run for one day: the scheduler runs each at most once a day."""

    name = models.CharField(max_length=100)
    day = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="daily_job_run_once_a_day")
        ]
        ordering = ["-day", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
