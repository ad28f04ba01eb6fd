import pytest


@pytest.fixture(autouse=True)
def import_root(settings, tmp_path):
    """Uploaded import files go to a temporary folder, not the project's var/imports."""
    settings.DEALS_IMPORT_ROOT = tmp_path / "imports"
    return settings.DEALS_IMPORT_ROOT
