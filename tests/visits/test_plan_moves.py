"""An account given to another rep leaves its previous owner's future visit plan."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts import services
from tests.factories import PlanItemFactory
from visits.models import PlanItem, PlanStatus


def test_moving_an_account_removes_it_from_the_old_owners_future_plan(manager, rep, teammate, account):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    yesterday = today - datetime.timedelta(days=1)
    upcoming = [PlanItemFactory(account=account, rep=rep, planned_on=day) for day in (today, tomorrow)]
    past = PlanItemFactory(account=account, rep=rep, planned_on=yesterday)
    dropped = PlanItemFactory(
        account=account,
        rep=rep,
        planned_on=today + datetime.timedelta(days=2),
        status=PlanStatus.DROPPED,
        drop_reason="x",
    )
    others = PlanItemFactory(account=account, rep=teammate, planned_on=today + datetime.timedelta(days=3))

    services.account_update(account=account, actor=manager, fields={"owner": teammate})

    remaining = set(PlanItem.objects.values_list("pk", flat=True))
    assert remaining == {past.pk, dropped.pk, others.pk}
    assert not remaining & {item.pk for item in upcoming}


def test_an_edit_that_keeps_the_owner_keeps_the_plan(manager, rep, account):
    item = PlanItemFactory(account=account, rep=rep)
    services.account_update(account=account, actor=manager, fields={"name": "Renamed"})
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_moving_an_account_in_the_django_admin_removes_it_too(client, admin_user, rep, teammate, account):
    item = PlanItemFactory(account=account, rep=rep)
    client.force_login(admin_user)
    form = client.get(reverse("admin:accounts_account_change", args=[account.pk])).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"owner": teammate.pk, "team_members-TOTAL_FORMS": 0, "team_members-INITIAL_FORMS": 0})
    for name, value in list(data.items()):
        if isinstance(value, datetime.datetime):  # the admin splits a date-time into two inputs
            data.update({f"{name}_0": value.date().isoformat(), f"{name}_1": value.time().isoformat()})

    response = client.post(reverse("admin:accounts_account_change", args=[account.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    account.refresh_from_db()
    assert account.owner == teammate
    assert not PlanItem.objects.filter(pk=item.pk).exists()
