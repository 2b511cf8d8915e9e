"""What an uploaded file really is: its first bytes against the type its name claims.

Used by every upload that keeps a file (seminar receipts, service attachments), so a
renamed file of another type is refused the same way everywhere. Each caller keeps its
own allowed types, size limit and message.
"""

from __future__ import annotations

from typing import Any

# The first bytes of each type we accept anywhere (xlsx is a zip).
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "xlsx": (b"PK\x03\x04",),
}


def content_matches(upload: Any, ext: str) -> bool:
    """True when the file starts like a `ext` file (an extension we know no signature of
    passes). Leaves the file at its start."""
    signatures = SIGNATURES.get(ext.lower().lstrip("."))
    if not signatures:
        return True
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return any(head.startswith(s) for s in signatures)
