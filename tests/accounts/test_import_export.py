"""Import (browser and command line) and export of accounts."""

from __future__ import annotations

import csv
import gzip
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Account
from imports.models import ImportStatus, TableImport
from tests.factories import AccountFactory

GOOD = "code,Company,industry,owner,email\nK1,Alpha Pumps,manufacturing,rep,a@example.com\nK2,Beta Valves,Retail,rep,\n"
BAD = (
    "code,Company,industry,owner,email\n"
    "K1,Alpha Pumps,manufacturing,rep,a@example.com\n"
    "K2,Beta Valves,Bogus,rep,\n"
    "K3,,retail,rep,\n"
    "K4,Delta,retail,nobody,\n"
)


def write(tmp_path, text, name="accounts.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_accounts", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_with_bad_rows_changes_nothing_and_names_each_bad_line(tmp_path, rep):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_accounts", write(tmp_path, BAD), "--map", "name=Company", stderr=err)
    assert not Account.objects.exists()
    lines = err.getvalue()
    assert "line 3: industry" in lines and "Bogus" in lines
    assert "line 4: name" in lines
    assert "line 5:" in lines and "nobody" in lines
    assert "line 2" not in lines


def test_command_imports_a_fixed_file_once_and_a_second_run_creates_nothing(tmp_path, rep):
    path = write(tmp_path, GOOD)
    out, _err = run(path, "--map", "name=Company")
    assert "2 to create" in out
    assert set(Account.objects.values_list("code", "name", "industry", "owner__username")) == {
        ("K1", "Alpha Pumps", "manufacturing", "rep"),
        ("K2", "Beta Valves", "retail", "rep"),
    }
    history_rows = Account.history.count()
    out, _err = run(path, "--map", "name=Company")
    assert "0 to create, 0 to update, 2 unchanged" in out
    assert Account.objects.count() == 2
    assert Account.history.count() == history_rows


def test_command_reimport_updates_by_account_code(tmp_path, rep):
    run(write(tmp_path, GOOD), "--map", "name=Company")
    changed = GOOD.replace("Alpha Pumps", "Alpha Pumps Ltd")
    out, _err = run(write(tmp_path, changed, "second.csv"), "--map", "name=Company")
    assert "0 to create, 1 to update" in out
    assert Account.objects.get(code="K1").name == "Alpha Pumps Ltd"
    assert Account.objects.count() == 2


def test_command_dry_run_writes_nothing(tmp_path, rep):
    out, _err = run(write(tmp_path, GOOD), "--map", "name=Company", "--dry-run")
    assert "Dry run: 2 to create" in out
    assert not Account.objects.exists()


def test_command_reads_excel(tmp_path, rep):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "name", "owner", "registered capital"])
    sheet.append(["X9", "Excel Co", "rep", 1500000.5])
    path = tmp_path / "accounts.xlsx"
    book.save(path)
    run(str(path))
    account = Account.objects.get(code="X9")
    assert account.name == "Excel Co"
    assert str(account.registered_capital) == "1500000.50"


def test_command_rejects_duplicate_codes_in_one_file(tmp_path, rep):
    text = "code,name,owner\nD1,One,rep\nD1,Two,rep\n"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_accounts", write(tmp_path, text), stderr=err)
    assert "line 2" in err.getvalue() and "line 3" in err.getvalue()
    assert not Account.objects.exists()


def upload(client, text, name="accounts.csv", encoding="utf-8"):
    content = text.encode(encoding)
    return client.post(reverse("accounts:import"), {"file": SimpleUploadedFile(name, content)})


MAPPING = {"code": "code", "name": "Company", "industry": "industry", "owner": "owner", "email": "email"}


@pytest.fixture
def run_step(client, django_capture_on_commit_callbacks):
    """Post a step of the latest import job; its task runs when the request commits."""

    def run_step(mapping, action):
        job = TableImport.objects.latest("pk")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:import_job", args=[job.pk]), {**mapping, action: "1"})
        job.refresh_from_db()
        return response, job

    return run_step


def test_browser_import_maps_columns_dry_runs_then_commits_in_the_background(client, rep, run_step):
    client.force_login(rep)
    response = upload(client, GOOD)
    job = TableImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("accounts:import_job", args=[job.pk])
    form = client.get(response["Location"]).context["form"]
    assert form["code"].initial == "code" and form["owner"].initial == "owner"
    assert "commit" not in str(form.helper.inputs)  # no import before a dry run
    response, job = run_step(MAPPING, "dry_run")
    assert response.status_code == 302
    assert job.status == ImportStatus.CHECKED and job.result["created"] == 2
    assert not Account.objects.exists()
    assert "Dry run: 2 would be created" in client.get(response["Location"]).content.decode()
    _response, job = run_step(MAPPING, "commit")
    assert job.status == ImportStatus.DONE and job.result["committed"]
    assert Account.objects.filter(owner=rep).count() == 2
    assert Account.history.filter(code="K1").get().history_user == rep


def test_browser_import_with_errors_shows_lines_and_writes_nothing(client, rep, run_step):
    client.force_login(rep)
    upload(client, BAD)
    response, job = run_step(MAPPING, "dry_run")
    assert [line for line, _reason in job.result["errors"]] == [3, 4, 5]
    page = client.get(response["Location"]).content.decode()
    assert "Line 3" in page and 'name="commit"' not in page
    _response, job = run_step(MAPPING, "commit")  # refused: the dry run found errors
    assert job.status == ImportStatus.CHECKED
    assert not Account.objects.exists()


def test_browser_import_cannot_assign_another_teams_rep_or_touch_their_account(client, rep, other_rep, run_step):
    foreign = AccountFactory(owner=other_rep, code="F1", name="Foreign")
    client.force_login(rep)
    upload(client, "code,name,owner\nF1,Hijacked,rep\nN1,New,other_rep\n")
    _response, job = run_step({"code": "code", "name": "name", "owner": "owner"}, "dry_run")
    lines = [line for line, _reason in job.result["errors"]]
    assert 2 in lines and 3 in lines
    foreign.refresh_from_db()
    assert foreign.name == "Foreign"
    assert not Account.objects.filter(code="N1").exists()


def test_an_account_code_the_rep_cannot_see_reads_like_any_refused_code(client, rep, other_rep, run_step):
    """The dry run must not say "already exists" for an account the rep may not see."""
    AccountFactory(owner=other_rep, code="F1", name="Foreign")
    client.force_login(rep)
    upload(client, "code,name,owner\nF1,Mine now,rep\nN2,New,rep\n")
    response, job = run_step({"code": "code", "name": "name", "owner": "owner"}, "dry_run")
    assert job.result["errors"] == [[2, "The account code “F1” cannot be used."]]
    page = client.get(response["Location"]).content.decode()
    assert "already exists" not in page and "Foreign" not in page
    assert not Account.objects.filter(code="N2").exists()


def test_job_of_another_user_is_not_found(client, rep, teammate):
    client.force_login(rep)
    upload(client, GOOD)
    job = TableImport.objects.get()
    client.force_login(teammate)
    assert client.get(reverse("accounts:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("accounts:import_progress", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "cp1252"])
def test_browser_import_reads_the_encodings_the_order_import_reads(client, rep, run_step, encoding):
    name = {"gbk": "华东机械有限公司", "utf-16": "华东机械有限公司", "cp1252": "Crème Brûlée Société"}[encoding]
    client.force_login(rep)
    upload(client, f"code,name,owner\nE1,{name},rep\n", encoding=encoding)
    run_step({"code": "code", "name": "name", "owner": "owner"}, "dry_run")
    _response, job = run_step({"code": "code", "name": "name", "owner": "owner"}, "commit")
    assert job.status == ImportStatus.DONE, job.error
    assert Account.objects.get(code="E1").name == name


def test_export_holds_the_filtered_list_and_neutralises_formulas(client, rep, foreign_account):
    AccountFactory(owner=rep, code="E1", name='=HYPERLINK("http://evil")', industry="retail")
    AccountFactory(owner=rep, code="E2", name="+cmd|' /C calc'!A0", industry="retail")
    AccountFactory(owner=rep, code="E3", name="Plain", industry="manufacturing")
    client.force_login(rep)
    response = client.get(reverse("accounts:export"), {"industry": "retail", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["code"] for row in rows) == ["E1", "E2"]
    names = {row["code"]: row["name"] for row in rows}
    assert names["E1"].startswith("'=")
    assert names["E2"].startswith("'+")


def test_export_to_excel_and_back_round_trips(client, rep, tmp_path):
    AccountFactory(owner=rep, code="R1", name="-2+3", industry="retail")
    client.force_login(rep)
    response = client.get(reverse("accounts:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["code"] == "R1" and row["name"] == "'-2+3" and row["owner"] == "rep"
    assert sheet.max_row == 2


def test_export_never_holds_an_account_the_user_may_not_see(client, other_rep, account):
    client.force_login(other_rep)
    response = client.get(reverse("accounts:export"), {"q": account.name, "format": "csv"})
    assert account.code not in response.content.decode("utf-8-sig")


def test_command_shows_progress_and_reads_a_compressed_gbk_file(tmp_path, rep):
    rows = "".join(f"G{number},华东{number},rep\n" for number in range(600))
    path = tmp_path / "accounts.csv.gz"
    path.write_bytes(gzip.compress(("code,name,owner\n" + rows).encode("gbk")))
    err = io.StringIO()
    out = io.StringIO()
    call_command("import_accounts", str(path), "--dry-run", stdout=out, stderr=err)
    assert "Dry run: 600 to create" in out.getvalue()
    assert "check" in err.getvalue() and "500/600" in err.getvalue()  # the bar of the rows checked
    assert not Account.objects.exists()
