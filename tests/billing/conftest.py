import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test its own media store, so stored extracts can be counted on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "billing"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
