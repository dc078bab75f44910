import pytest

from tests.object_store import use_local_storage


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder per test, so "nothing left behind" checks see only this test's files."""
    return use_local_storage(settings, tmp_path / "media")  # this machine's folder, even when .ci/run has a store
