"""Signed webhook bodies in each platform's documented shape, and a stub HTTP server
that stands for the platforms' reply APIs."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from crmplus.social.signatures import facebook_signature, line_signature

LINE_SECRET = "test-line-channel-secret"
FB_SECRET = "test-facebook-app-secret"
FB_VERIFY = "test-verify-token"
TS = 1_764_000_000_000  # 24 Nov 2025, in milliseconds


def configure(settings) -> None:
    settings.CRMPLUS_LINE_CHANNEL_SECRET = LINE_SECRET
    settings.CRMPLUS_FACEBOOK_APP_SECRET = FB_SECRET
    settings.CRMPLUS_FACEBOOK_VERIFY_TOKEN = FB_VERIFY
    settings.CRMPLUS_SOCIAL_OUTBOUND_ENABLED = "false"


def line_event(n: int, *, user: str = "U4af4980629", text: str = "ไฟดับค่ะ", redelivery=False):
    return {
        "type": "message",
        "mode": "active",
        "timestamp": TS + n,
        "source": {"type": "user", "userId": user},
        "webhookEventId": f"01HLINE{n:019d}",
        "deliveryContext": {"isRedelivery": redelivery},
        "replyToken": f"reply-token-{n}",
        "message": {"id": f"{470000 + n}", "type": "text", "quoteToken": "q", "text": text},
    }


def line_body(*events) -> bytes:
    return json.dumps({"destination": "Uxxxxxxxx", "events": list(events)}).encode()


def fb_body(*messages) -> bytes:
    return json.dumps(
        {"object": "page", "entry": [{"id": "PAGE1", "time": TS, "messaging": list(messages)}]}
    ).encode()


def fb_message(n: int, *, psid: str = "6789012345", text: str = "บิลค่าไฟแพงครับ"):
    return {
        "sender": {"id": psid},
        "recipient": {"id": "PAGE1"},
        "timestamp": TS + n,
        "message": {"mid": f"m_{n:020d}", "text": text},
    }


def post_line(client, body: bytes, *, secret: str = LINE_SECRET, signature: str | None = None):
    sig = line_signature(secret, body) if signature is None else signature
    headers = {"HTTP_X_LINE_SIGNATURE": sig} if sig != "" else {}
    return client.post("/webhooks/line/", body, content_type="application/json", **headers)


def post_fb(client, body: bytes, *, secret: str = FB_SECRET, signature: str | None = None):
    sig = facebook_signature(secret, body) if signature is None else signature
    headers = {"HTTP_X_HUB_SIGNATURE_256": sig} if sig != "" else {}
    return client.post("/webhooks/facebook/", body, content_type="application/json", **headers)


class StubPlatform:
    """A local HTTP server answering like LINE's and Facebook's send APIs; it records
    every request and answers with the next status of `statuses` (then 200)."""

    def __init__(self, statuses: list[int] | None = None):
        self.requests: list[dict] = []
        self.statuses = list(statuses or [])
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": body}
                )
                status = stub.statuses.pop(0) if stub.statuses else 200
                if status == 200:
                    answer = (
                        {"sentMessages": [{"id": "line-msg-1"}]}
                        if "/v2/" in self.path
                        else {"recipient_id": "1", "message_id": "m_sent_1"}
                    )
                else:
                    answer = {"message": "stub error"}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StubPlatform:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
