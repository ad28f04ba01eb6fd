"""The credit admin shows the records and changes none of them (the services keep the audit)."""

from django.urls import reverse

from tests.factories import CreditRequestFactory


def test_the_admin_lists_requests_read_only(client, admin_user, account):
    credit_request = CreditRequestFactory(account=account)
    client.force_login(admin_user)
    assert client.get(reverse("admin:credit_creditrequest_changelist")).status_code == 200
    assert client.get(reverse("admin:credit_creditrequest_change", args=[credit_request.pk])).status_code == 200
    assert client.get(reverse("admin:credit_creditrequest_add")).status_code == 403
