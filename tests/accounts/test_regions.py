"""Regions as records: the tree's rule, and the region filter (a region takes in its areas) on
the account list, its export, the import, the API and a manager's default region."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Account
from tests.api.conftest import make_token
from tests.factories import AccountFactory, RegionFactory
from users.models import Region


@pytest.fixture
def north_region(db):
    return RegionFactory(code="N", name="North")


@pytest.fixture
def placed(rep, north_region):
    """An account in the North region itself, one in its Beijing area, one in the South."""
    beijing = RegionFactory(code="N-BJ", name="Beijing", parent=north_region)
    south = RegionFactory(code="S", name="South")
    return {
        "north": AccountFactory(owner=rep, code="A-N", region=north_region),
        "beijing": AccountFactory(owner=rep, code="A-BJ", region=beijing),
        "south": AccountFactory(owner=rep, code="A-S", region=south),
        "nowhere": AccountFactory(owner=rep, code="A-0"),
        "beijing_region": beijing,
        "south_region": south,
    }


def test_an_area_lies_in_a_region_and_never_in_another_area(north_region):
    area = RegionFactory(code="N-BJ", name="Beijing", parent=north_region)
    with pytest.raises(ValidationError):
        Region(code="N-BJ-1", name="Chaoyang", parent=area).full_clean()
    north_region.parent = RegionFactory(code="E", name="East")
    with pytest.raises(ValidationError):  # a region with areas does not become an area
        north_region.full_clean()


def codes(response) -> set[str]:
    return {account.code for account in response.context["accounts"]}


def test_the_list_filtered_by_a_region_holds_its_areas_accounts_too(client, rep, north_region, placed):
    client.force_login(rep)
    assert codes(client.get(reverse("accounts:list"), {"region": north_region.pk})) == {"A-N", "A-BJ"}
    area = placed["beijing_region"].pk
    assert codes(client.get(reverse("accounts:list"), {"region": area})) == {"A-BJ"}
    assert codes(client.get(reverse("accounts:list"), {"region": "x"})) == {"A-N", "A-BJ", "A-S", "A-0"}


def test_a_manager_with_a_region_opens_the_list_on_it_and_may_choose_every_region(
    client, manager, north_region, placed
):
    manager.region = north_region
    manager.save(update_fields=["region"])
    client.force_login(manager)
    response = client.get(reverse("accounts:list"))
    assert codes(response) == {"A-N", "A-BJ"}
    assert response.context["filter_form"]["region"].value() == north_region.pk
    assert codes(client.get(reverse("accounts:list"), {"region": ""})) == {"A-N", "A-BJ", "A-S", "A-0"}


def test_the_export_holds_the_regions_accounts_with_the_regions_code(client, rep, north_region, placed):
    client.force_login(rep)
    response = client.get(reverse("accounts:export"), {"region": north_region.pk, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["code"]: row["region"] for row in rows} == {"A-N": "N", "A-BJ": "N-BJ"}


def test_the_import_finds_a_region_by_code_or_name_and_refuses_an_unknown_one(tmp_path, rep, placed):
    path = tmp_path / "accounts.csv"
    path.write_text("code,name,owner,region\nI1,One,rep,n-bj\nI2,Two,rep,South\nI3,Three,rep,\n", encoding="utf-8")
    call_command("import_accounts", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    regions = dict(Account.objects.filter(code__startswith="I").values_list("code", "region__code"))
    assert regions == {"I1": "N-BJ", "I2": "S", "I3": None}
    path.write_text("code,name,owner,region\nI4,Four,rep,Atlantis\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(Exception, match="nothing was imported"):
        call_command("import_accounts", str(path), stdout=io.StringIO(), stderr=err)
    assert "Atlantis" in err.getvalue()
    assert not Account.objects.filter(code="I4").exists()


def test_the_api_filters_by_a_region_and_its_areas(client, rep, north_region, placed):
    bearer = lambda user: {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}  # noqa: E731
    response = client.get("/api/v1/accounts/", {"region": north_region.pk}, **bearer(rep))
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == {"A-N", "A-BJ"}
    assert response.json()["results"][0]["region"] in {north_region.pk, placed["beijing_region"].pk}
    for bad in ("x", "99999999999999999999999", "-1"):
        assert client.get("/api/v1/accounts/", {"region": bad}, **bearer(rep)).status_code == 400


def test_the_account_form_sets_the_region(client, rep, placed):
    account = placed["nowhere"]
    client.force_login(rep)
    form = client.get(reverse("accounts:edit", args=[account.pk])).context["form"]
    assert "North · Beijing" in [label for _value, label in form.fields["region"].choices]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "team"}
    data |= {"region": placed["south_region"].pk, "owner": rep.pk, "website": ""}
    response = client.post(reverse("accounts:edit", args=[account.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    account.refresh_from_db()
    assert account.region == placed["south_region"]


# Migrates for real, then back to the latest; serialized_rollback restores the rows the
# migrations create (the pipeline's stages…) for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_turns_each_free_text_region_into_one_record():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("accounts", "0010_custom_field_values")], [("accounts", "0011_region_records")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    owner = old.get_model("users", "User").objects.create(username="owner")
    Account = old.get_model("accounts", "Account")
    for code, text in (("M1", "Beijing"), ("M2", "Beijing"), ("M3", "上海"), ("M4", "")):
        Account.objects.create(code=code, name=code, owner=owner, region=text)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    regions = dict(new.get_model("accounts", "Account").objects.values_list("code", "region__name"))
    assert regions == {"M1": "Beijing", "M2": "Beijing", "M3": "上海", "M4": None}
    codes = new.get_model("users", "Region").objects.order_by("code").values_list("code", "name")
    assert list(codes) == [("R0001", "Beijing"), ("R0002", "上海")]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest for the tests after


@pytest.mark.parametrize("accounts_count", [3, 30])
def test_the_list_in_a_managers_region_runs_a_fixed_number_of_queries(
    client, manager, rep, north_region, django_assert_num_queries, accounts_count
):
    area = RegionFactory(code="N-BJ", name="Beijing", parent=north_region)
    AccountFactory.create_batch(accounts_count, owner=rep, region=area)
    manager.region = north_region
    manager.save(update_fields=["region"])
    client.force_login(manager)
    # session, user, owner choices, region choices, the manager's region, count, page, saved filters,
    # the custom fields' filters
    with django_assert_num_queries(9):
        response = client.get(reverse("accounts:list"))
    assert len(response.context["accounts"]) == min(accounts_count, 25)


@pytest.fixture
def many_regions(north_region):
    """More regions than a <select> draws whole (users.regions.DRAWN_WHOLE_UP_TO): 60 areas."""
    RegionFactory.create_batch(60, parent=north_region)
    return RegionFactory(code="N-HZ", name="Hangzhou", parent=north_region)


def region_options(page: str) -> list[str]:
    select = page.split('name="region"', 1)[1].split("</select>", 1)[0]
    return select.split('<option value="')[1:]


def test_a_small_tree_is_drawn_whole_in_the_filter(client, rep, north_region, placed):
    client.force_login(rep)
    page = client.get(reverse("accounts:list")).content.decode()
    assert len(region_options(page)) == 1 + 3  # "All regions", North, its Beijing area, South
    assert "North · Beijing" in page
    assert reverse("region_options") not in page  # no search needed


@pytest.mark.parametrize("url", ["accounts:list", "dashboard:index", "dashboard:at_risk"])
def test_with_many_regions_the_filter_draws_the_chosen_one_and_a_search(client, admin_user, many_regions, url):
    client.force_login(admin_user)
    page = client.get(reverse(url), {"region": many_regions.pk}).content.decode()
    options = region_options(page)
    assert len(options) == 2  # "All regions" and the chosen area, not the 62 regions
    assert options[1].startswith(f'{many_regions.pk}" selected>North · Hangzhou<')
    assert f'hx-get="{reverse("region_options")}"' in page
    assert 'id="id_region-matches"' in page
    assert len(region_options(client.get(reverse(url)).content.decode())) == 1  # none chosen: none drawn


def test_the_region_search_finds_a_region_by_name_or_code(client, rep, many_regions):
    client.force_login(rep)
    found = client.get(reverse("region_options"), {"q": "hangz"}).content.decode()
    assert found.strip() == f'<option value="{many_regions.pk}">North · Hangzhou</option>'
    assert f'value="{many_regions.pk}"' in client.get(reverse("region_options"), {"q": "n-hz"}).content.decode()
    assert client.get(reverse("region_options"), {"q": "  "}).content.decode().strip() == ""


def test_the_region_search_is_bounded(client, rep, many_regions):
    client.force_login(rep)
    every_area = client.get(reverse("region_options"), {"q": "Region"}).content.decode()
    assert every_area.count("<option") == 20  # users.regions.LOOKUP_LIMIT, of 60 matching
    assert client.get(reverse("region_options"), {"q": "x" * 5000}).status_code == 200
    assert client.post(reverse("region_options"), {"q": "North"}).status_code == 405


def test_the_chosen_region_keeps_filtering_with_many_regions(client, rep, many_regions, placed):
    client.force_login(rep)
    assert codes(client.get(reverse("accounts:list"), {"region": placed["beijing_region"].pk})) == {"A-BJ"}


@pytest.mark.parametrize("regions", [60, 300])
def test_the_list_with_many_regions_runs_a_fixed_number_of_queries(
    client, manager, rep, north_region, django_assert_num_queries, regions
):
    RegionFactory.create_batch(regions, parent=north_region)
    chosen = RegionFactory(code="Z-LAST", name="Last", parent=north_region)  # not among the first read
    AccountFactory.create_batch(3, owner=rep, region=chosen)
    client.force_login(manager)
    # session, user, the custom fields' filters, the chosen region (the form), count, page, saved
    # filters, owner choices, the first 51 regions (more than DRAWN_WHOLE_UP_TO: a search, not a
    # <select> of them), the chosen region with its parent (its label)
    with django_assert_num_queries(10):
        response = client.get(reverse("accounts:list"), {"region": chosen.pk})
    assert len(response.context["accounts"]) == 3
    assert len(region_options(response.content.decode())) == 2


def test_the_account_form_with_many_regions_draws_the_accounts_region_and_a_search(client, rep, many_regions):
    account = AccountFactory(owner=rep, region=many_regions)
    client.force_login(rep)
    page = client.get(reverse("accounts:edit", args=[account.pk])).content.decode()
    options = region_options(page)
    assert len(options) == 2  # the empty choice and the account's area
    assert options[1].startswith(f'{many_regions.pk}" selected>North · Hangzhou<')
    assert f'hx-get="{reverse("region_options")}"' in page
