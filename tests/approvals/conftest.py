"""Approvers per unit, a throw-away approval kind and a helper to submit requests.

The kind's callbacks record their calls; `kind.fail_with = "…"` makes the next
on_approved raise a ValidationError, as a subject's own rule would.
"""

import json
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError

from crmplus.approvals.registry import register_kind, unregister_kind
from crmplus.approvals.services import approval_submit
from crmplus.core.models import ApiToken, Role
from tests.factories import UserFactory

KIND = "tests.thing"


@dataclass
class RecordingKind:
    key: str = KIND
    approved: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)
    fail_with: str = ""

    def on_approved(self, subject, request, by):
        self.approved.append((subject, request, by))
        if self.fail_with:
            raise ValidationError(self.fail_with)

    def on_rejected(self, subject, request, by):
        self.rejected.append((subject, request, by))

    def on_withdrawn(self, subject, request, by):
        self.withdrawn.append((subject, request, by))


@pytest.fixture
def kind():
    recorder = RecordingKind()
    register_kind(
        KIND,
        label="Test thing",
        on_approved=recorder.on_approved,
        on_rejected=recorder.on_rejected,
        on_withdrawn=recorder.on_withdrawn,
    )
    yield recorder
    unregister_kind(KIND)


def make_approver(username, unit, language="th"):
    return UserFactory(
        username=username,
        role=Role.APPROVER,
        home_unit=unit,
        email=f"{username}@pea.example",
        language=language,
    )


@pytest.fixture
def approver_n1(org):
    return make_approver("approver_n1", org.n1)


@pytest.fixture
def approver_c1(org):
    return make_approver("approver_c1", org.c1)


@pytest.fixture
def submit(org, kind):
    """submit(subject=…, unit=…, by=…) with the test kind and a default title."""

    def make(*, subject=None, unit=None, by=None, title="ขออนุมัติรายชื่อลูกค้า", **kwargs):
        return approval_submit(
            subject=subject if subject is not None else org.bp_n1,
            kind=kwargs.pop("kind_key", KIND),
            unit=unit if unit is not None else org.n1_office,
            title=title,
            by=by if by is not None else org.kamr_n1,
            **kwargs,
        )

    return make


API = "/api/v1/approvals/"


class ApiClient:
    """The test client with a bearer token and JSON bodies, rooted at the approvals API."""

    def __init__(self, client, raw_token: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {raw_token}"}

    def get(self, path: str = "", params: dict | None = None):
        return self.client.get(API + path, params or {}, headers=self.headers)

    def post(self, path: str, body=None):
        data = json.dumps(body if body is not None else {})
        return self.client.post(
            API + path, data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api_as(client):
    def make(user) -> ApiClient:
        _, raw = ApiToken.issue(user=user, name="pytest")
        return ApiClient(client, raw)

    return make
