"""An upload is stored once, under a name of ours, and never left behind by a failure."""

from __future__ import annotations

import gzip

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from deals import import_jobs
from deals.models import ImportJob

ORDERS = b"account_code,order_number,order_date,product_code,quantity,unit_price\nA1,1,2026-01-02,P1,3,10\n"


def stored_files() -> list:
    root = settings.IMPORT_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_file_with_a_very_long_name_is_stored_once_under_a_short_name(client, admin_user):
    client.force_login(admin_user)
    name = "x" * 240 + ".csv.gz"
    response = client.post(reverse("deals:import_upload"), {"file": SimpleUploadedFile(name, gzip.compress(ORDERS))})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("deals:import_job", args=[job.pk])
    assert job.original_name == name and job.file.name.endswith(".csv.gz") and len(job.file.name) < 60
    assert [path.name for path in stored_files()] == [job.file.name.rsplit("/", 1)[-1]]


def test_a_job_that_fails_to_save_leaves_no_file(admin_user, monkeypatch):
    def broken_save(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(ImportJob, "save", broken_save)
    with pytest.raises(DatabaseError):
        import_jobs.import_job_create(actor=admin_user, upload=SimpleUploadedFile("orders.csv", ORDERS))
    assert stored_files() == []


def test_a_damaged_compressed_order_file_is_refused_with_a_message_not_a_500(client, admin_user):
    """zlib's own error escaped the order importer, which answered 500."""
    packed = bytearray(gzip.compress(b"".join(b"A%d,%d,2026-01-02,P1,3,10\n" % (n, n) for n in range(2000))))
    packed[len(packed) // 2 : len(packed) // 2 + 8] = b"\xff" * 8
    client.force_login(admin_user)
    upload = SimpleUploadedFile("orders.csv.gz", bytes(packed))
    response = client.post(reverse("deals:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert "The file cannot be read: Error -3 while decompressing data" in response.content.decode()
    assert not ImportJob.objects.exists() and stored_files() == []
