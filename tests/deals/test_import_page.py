"""Order import in the browser: upload, map, dry run with per-row report, import in the background."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from deals import import_jobs
from deals.models import ImportJob, ImportStatus, Order, OrderLine
from imports.jobs import progress_key
from tests.deals.test_import_orders import RETAIL_CSV
from tests.factories import ImportJobFactory, UserFactory
from users.models import Role

MAPPING = {
    "account_code": "CustomerID",
    "account_name": "",
    "order_number": "InvoiceNo",
    "order_date": "InvoiceDate",
    "product_code": "StockCode",
    "product_name": "Description",
    "quantity": "Quantity",
    "unit_price": "UnitPrice",
    "unit_cost": "",
}


def upload(client, content=None, name="retail.csv"):
    content = RETAIL_CSV.encode() if content is None else content
    return client.post(reverse("deals:import_upload"), {"file": SimpleUploadedFile(name, content)})


def start(client, job, action, **extra):
    data = {**MAPPING, "create_missing": "on", "owner": extra.pop("owner", ""), "action": action, **extra}
    return client.post(reverse("deals:import_job", args=[job.pk]), data)


def test_admin_uploads_maps_dry_runs_then_imports(client, admin_user, rep, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    response = upload(client)
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("deals:import_job", args=[job.pk])
    assert job.headers[:3] == ["InvoiceNo", "StockCode", "Description"]
    # Columns named like the fields' aliases are mapped already.
    page = client.get(response["Location"])
    assert page.context["form"].initial["account_code"] == "CustomerID"

    with django_capture_on_commit_callbacks(execute=True):
        start(client, job, "dry_run", owner=rep.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    assert (job.result["lines_imported"], job.result["skipped_count"]) == (4, 4)
    assert not Order.objects.exists()
    report = client.get(reverse("deals:import_job", args=[job.pk])).content.decode()
    assert "Dry run" in report
    assert "no customer (account code is empty)" in report
    assert "<td>6</td><td>quantity is not a number (or is out of range)</td><td>six</td>" in report

    with django_capture_on_commit_callbacks(execute=True):
        start(client, job, "import", owner=rep.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert OrderLine.objects.count() == 4
    assert "Imported" in client.get(reverse("deals:import_job", args=[job.pk])).content.decode()
    assert Account.objects.get(code="17850").owner == rep
    # A second import of the same job is refused; the data stays as it is.
    with django_capture_on_commit_callbacks(execute=True):
        start(client, job, "import", owner=rep.pk)
    assert OrderLine.objects.count() == 4


def test_payment_terms_chosen_at_the_dry_run_apply_to_the_import(
    client, admin_user, rep, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    upload(client)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        start(client, job, "dry_run", owner=rep.pk, payment_days="45", mark_paid="on")
    job.refresh_from_db()
    assert (job.payment_days, job.mark_paid, job.result["payments_created"]) == (45, True, 2)
    with django_capture_on_commit_callbacks(execute=True):
        start(client, job, "import", owner=rep.pk)
    order = Order.objects.with_totals().get(number="536365")
    assert order.due_date.isoformat() == "2011-01-15"
    assert order.outstanding == 0


def test_importing_without_a_dry_run_is_refused(client, admin_user, rep, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    upload(client)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, job, "import", owner=rep.pk)
    assert "needs a dry run first" in client.get(response["Location"]).content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED
    assert not Order.objects.exists()


def test_creating_missing_accounts_needs_an_owner(client, admin_user):
    client.force_login(admin_user)
    upload(client)
    job = ImportJob.objects.get()
    response = start(client, job, "dry_run")
    assert response.status_code == 400
    assert "Say who owns the accounts" in response.content.decode()


def test_an_unreadable_file_is_refused_at_upload(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, content=b"\x00\x01 not an excel file", name="orders.xlsx")
    assert response.status_code == 200
    assert "cannot be read" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_progress_is_polled_while_running_and_reloads_the_page_when_done(client, admin_user):
    job = ImportJobFactory(created_by=admin_user, status=ImportStatus.IMPORTING)
    cache.set(progress_key(job), {"stage": "lines", "done": 50000, "total": 406829})
    client.force_login(admin_user)

    running = client.get(reverse("deals:import_progress", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert 'value="50000" max="406829"' in running.content.decode()
    assert "HX-Refresh" not in running

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    finished = client.get(reverse("deals:import_progress", args=[job.pk]))
    assert finished["HX-Refresh"] == "true"


def test_another_admins_job_is_not_found(client, admin_user):
    job = ImportJobFactory(created_by=UserFactory(username="admin2", role=Role.ADMIN))
    client.force_login(admin_user)
    assert client.get(reverse("deals:import_job", args=[job.pk])).status_code == 404


def test_the_task_runs_a_claimed_job_once(admin_user, rep):
    job = ImportJobFactory(created_by=admin_user)
    assert import_jobs.import_job_start(
        job=job, actor=admin_user, mapping=job.mapping, create_missing=True, owner=rep, dry_run=True
    )
    # Claimed: a second start while it runs is refused.
    assert not import_jobs.import_job_start(
        job=job, actor=admin_user, mapping=job.mapping, create_missing=True, owner=rep, dry_run=True
    )
    import_jobs.import_job_run(job_pk=job.pk, dry_run=True)
    job.refresh_from_db()
    assert (job.status, job.result["lines_imported"]) == (ImportStatus.CHECKED, 1)
    import_jobs.import_job_start(
        job=job, actor=admin_user, mapping=job.mapping, create_missing=True, owner=rep, dry_run=False
    )
    import_jobs.import_job_run(job_pk=job.pk, dry_run=False)
    import_jobs.import_job_run(job_pk=job.pk, dry_run=False)  # delivered twice: nothing more
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert OrderLine.objects.count() == 1


@pytest.mark.parametrize("jobs", [1, 8])
def test_upload_page_runs_a_fixed_number_of_queries(client, admin_user, django_assert_num_queries, jobs):
    ImportJobFactory.create_batch(jobs, created_by=admin_user)
    client.force_login(admin_user)
    # session, user, the latest jobs
    with django_assert_num_queries(3):
        assert client.get(reverse("deals:import_upload")).status_code == 200


@pytest.mark.parametrize("reps", [1, 8])
def test_job_page_runs_a_fixed_number_of_queries(client, admin_user, django_assert_num_queries, reps):
    UserFactory.create_batch(reps, role=Role.REP)
    job = ImportJobFactory(created_by=admin_user)
    client.force_login(admin_user)
    # session, user, job, owner choices
    with django_assert_num_queries(4):
        assert client.get(reverse("deals:import_job", args=[job.pk])).status_code == 200


def test_a_run_whose_worker_died_can_be_started_again(client, admin_user, rep, django_capture_on_commit_callbacks):
    job = ImportJobFactory(
        created_by=admin_user,
        status=ImportStatus.CHECKING,
        started_at=timezone.now() - datetime.timedelta(hours=2),
    )
    fresh = ImportJobFactory(created_by=admin_user, status=ImportStatus.CHECKING, started_at=timezone.now())
    client.force_login(admin_user)
    assert "its worker has stopped" in client.get(reverse("deals:import_job", args=[job.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("deals:import_job", args=[job.pk]),
            {**{name: name for name in job.headers}, "action": "dry_run"},
        )
        started_again = import_jobs.import_job_start(
            job=fresh, actor=admin_user, mapping=fresh.mapping, create_missing=False, owner=None, dry_run=True
        )

    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    assert not started_again  # still running, not stale: left alone
