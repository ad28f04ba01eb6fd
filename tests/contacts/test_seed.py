"""seed_demo's contacts: a committee at every account, imperfect enough to raise warnings."""

from io import StringIO

from django.core.management import call_command
from django.db.models import F

from accounts.models import Account, FinancialYear
from contacts.models import BuyingRole, Contact, ContactRole, InfluenceLink
from contacts.selectors import add_coverage, coverage_list, warnings_of
from users.models import User


def test_seed_builds_a_committee_at_every_account(db):
    call_command(
        "seed_demo", accounts=60, orders_per_account=1, lines_per_order=1, contacts_per_account=4, stdout=StringIO()
    )
    assert Contact.objects.values("account").distinct().count() == Account.objects.count() == 60
    assert 3 <= Contact.objects.count() / 60 <= 5
    heads = Contact.objects.filter(reports_to__isnull=True)
    assert heads.count() == 60
    assert ContactRole.objects.filter(role=BuyingRole.DECISION_MAKER, contact__in=heads).count() == 60
    assert not Contact.objects.exclude(reports_to=None).exclude(reports_to__account=F("account")).exists()
    assert FinancialYear.objects.count() == 12
    # Some technical directors and coaches sway their head, for the relationship map.
    links = InfluenceLink.objects.select_related("source", "target")
    assert links.exists()
    assert all(link.target_id == link.source.reports_to_id for link in links)
    warnings = {
        key
        for account in add_coverage(list(coverage_list(user=User.objects.get(username="admin"))))
        for key, _ in warnings_of(account)
    }
    assert "no_coach" in warnings
