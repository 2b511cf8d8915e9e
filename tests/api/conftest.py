"""An API client that signs requests with a personal bearer token."""

import json

import pytest

from crmplus.core.models import ApiToken

URL = "/api/v1/customers/"


class ApiClient:
    """Django's test client plus `Authorization: Bearer …` and JSON bodies."""

    def __init__(self, client, raw_token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(URL + path, params or {}, headers=self.headers)

    def post(self, path: str, body):
        return self._send(self.client.post, path, body)

    def patch(self, path: str, body):
        return self._send(self.client.patch, path, body)

    def _send(self, method, path, body):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return method(URL + path, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def api_as(client):
    """api_as(user) -> an ApiClient holding a fresh token of that user."""

    def make(user) -> ApiClient:
        _, raw = ApiToken.issue(user=user, name="pytest")
        return ApiClient(client, raw)

    return make


def loc_of(response) -> list[list]:
    return [e["loc"] for e in response.json()["detail"]]
