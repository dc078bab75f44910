import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder per test, so "nothing left behind" checks see only this test's files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
