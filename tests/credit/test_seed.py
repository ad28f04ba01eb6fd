"""seed_demo leaves credit data a demo can walk through."""

from io import StringIO

from django.core.management import call_command

from credit.models import CreditLimit, CreditRequest, RequestStatus
from credit.selectors import approver_queue
from users.models import User


def test_seed_demo_makes_limits_and_requests_in_every_state(db):
    call_command("seed_demo", accounts=40, stdout=StringIO())

    assert set(CreditRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert CreditLimit.objects.filter(request__status=RequestStatus.APPROVED).exists()
    assert all(request.events.exists() for request in CreditRequest.objects.all())
    waiting = [
        approver_queue(user=user).count() for user in User.objects.filter(role__in=["manager", "credit_approver"])
    ]
    assert sum(waiting) == CreditRequest.objects.filter(status=RequestStatus.SUBMITTED).count()
