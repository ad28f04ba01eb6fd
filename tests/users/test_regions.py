"""The regions page: admins keep the tree of regions and areas."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import RegionFactory
from users.models import Region


def test_an_admin_adds_a_region_and_an_area_in_it(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("regions"), {"code": "e", "name": "East"})
    assert response.status_code == 302
    east = Region.objects.get(code="E")  # codes are kept in capitals
    client.post(reverse("regions"), {"code": "E-SH", "name": "Shanghai", "parent": east.pk})
    page = client.get(reverse("regions"))
    assert [(region.code, [area.code for area in areas]) for region, areas in page.context["tree"]] == [("E", ["E-SH"])]


def test_an_area_cannot_be_put_in_another_area_and_codes_stay_unique(client, admin_user):
    north = RegionFactory(code="N", name="North")
    area = RegionFactory(code="N-BJ", name="Beijing", parent=north)
    client.force_login(admin_user)
    response = client.post(reverse("regions"), {"code": "N-BJ-1", "name": "Chaoyang", "parent": area.pk})
    assert response.status_code == 200 and response.context["form"].errors["parent"]
    response = client.post(reverse("region_edit", args=[north.pk]), {"code": "N-BJ", "name": "North"})
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert not Region.objects.filter(code="N-BJ-1").exists()


def test_an_admin_renames_a_region(client, admin_user):
    north = RegionFactory(code="N", name="North")
    client.force_login(admin_user)
    client.post(reverse("region_edit", args=[north.pk]), {"code": "N", "name": "Northern China"})
    north.refresh_from_db()
    assert north.name == "Northern China"


def test_an_admin_gives_a_manager_a_region_on_the_user_page(client, admin_user, manager):
    north = RegionFactory(code="N", name="North")
    RegionFactory(code="N-BJ", name="Beijing", parent=north)
    client.force_login(admin_user)
    form = client.get(reverse("admin:users_user_change", args=[manager.pk])).context["adminform"].form
    assert [label for _value, label in form.fields["region"].choices] == ["---------", "North", "North · Beijing"]
