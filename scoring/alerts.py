"""Downgrade alerts: the key accounts a scoring run dropped, and telling their owners and
managers once per run and account (docs/tiering.md says who counts as a key account)."""

from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from users.models import Notification
from users.notifications import Notice, notify_many

from .models import Level, ScoringResult, ScoringRun, Tier
from .selectors import downgraded


def downgrades(run: ScoringRun):
    """Results of key accounts (A, or VIP / key level, in the previous run) that the run
    downgraded (``selectors.downgraded``: the at-risk rule's "downgraded", so every account
    alerted on is on the at-risk list for it)."""
    was_key = Q(previous_abc_tier=Tier.A) | Q(previous_level__in=[Level.VIP, Level.KEY])
    return ScoringResult.objects.filter(run=run).filter(was_key & downgraded())


DOWNGRADE_SUBJECT = _("%(account)s dropped from %(old_tier)s / %(old_level)s to %(tier)s / %(level)s")
DOWNGRADE_BODY = _(
    "In the scoring run as of %(as_of)s, %(account)s (%(code)s) moved from tier %(old_tier)s "
    "(%(old_level)s) to tier %(tier)s (%(level)s). Its score is %(score)s."
)


def alert_downgrades(run: ScoringRun) -> int:
    """Tell the owner and their manager of each downgraded key account, once per run and
    account; returns how many notifications were sent.

    One statement reads only the downgrades someone is still owed an alert for: an active
    owner or manager without the run's notification for that account (the unique index on
    recipient and key answers each test). A rerun of the day reads no row and sends nothing;
    a first run inserts what it found in a few statements (``notify_many``), and the unique
    key keeps sending exactly-once. See docs/tiering.md for who counts as a key account.
    """
    notices = []
    for result in _downgrades_owed_an_alert(run):
        account = result.account
        recipients = [account.owner] if not result.owner_told else []
        if not result.manager_told and account.owner.team_id:
            recipients.append(account.owner.team.manager)
        notices += [_downgrade_notice(run, result, recipient) for recipient in recipients]
    return len(notify_many(notices))


def _downgrades_owed_an_alert(run: ScoringRun):
    owner, manager = "account__owner", "account__owner__team__manager"

    def told(recipient: str) -> Exists:
        return Exists(Notification.objects.filter(recipient=OuterRef(recipient), key=OuterRef("alert_key")))

    return (
        downgrades(run)
        .annotate(
            alert_key=Concat(Value(f"scoring:downgrade:{run.pk}:"), Cast("account_id", CharField())),
            owner_told=told(owner),
            manager_told=told(manager),
        )
        .filter(
            Q(**{f"{owner}__is_active": True}, owner_told=False)
            | Q(**{f"{manager}__is_active": True}, manager_told=False)
        )
        .select_related(manager)
        # Only what the message needs: thousands of whole account and user rows cost more
        # than the statement itself on a first run.
        .only(
            *("previous_abc_tier", "abc_tier", "previous_level", "level", "score"),
            *("account__name", "account__code"),
            *(f"{person}__{name}" for person in (owner, manager) for name in ("is_active", "language")),
            f"{owner}__team",
        )
        .order_by("rank")
    )


def _downgrade_notice(run: ScoringRun, result: ScoringResult, recipient) -> Notice:
    account = result.account
    return Notice(
        recipient=recipient,
        key=result.alert_key,
        subject=DOWNGRADE_SUBJECT,
        body=DOWNGRADE_BODY,
        params={
            "account": account.name,
            "code": account.code,
            "as_of": run.as_of.isoformat(),
            "old_tier": result.previous_abc_tier,
            "tier": result.abc_tier,
            "old_level": Level(result.previous_level).label if result.previous_level else "—",
            "level": Level(result.level).label,
            "score": result.score,
        },
        link=account.get_absolute_url(),
    )
