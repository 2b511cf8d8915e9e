"""Webhook signatures of the platforms (pure: no Django import).

LINE: `X-Line-Signature` = base64(HMAC-SHA256(channel secret, raw body)).
Facebook (Meta): `X-Hub-Signature-256` = "sha256=" + hex(HMAC-SHA256(app secret, raw body)).
Both are computed over the raw bytes as received: parsing and re-serialising the JSON
first would change them. Comparisons are constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac


def line_signature(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def facebook_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def line_signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    if not secret or not header:
        return False
    return hmac.compare_digest(line_signature(secret, body).encode(), header.strip().encode())


def facebook_signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    if not secret or not header:
        return False
    header = header.strip()
    if not header.startswith("sha256="):
        return False
    expected = facebook_signature(secret, body)
    return hmac.compare_digest(expected.encode(), header.lower().encode())
