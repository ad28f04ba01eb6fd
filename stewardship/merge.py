"""Merging two accounts that are one company (去重合并): every row of the merged account moves
to the kept one, then the merged account goes.

The rows are found generically, through every relation to ``Account``
(``Account._meta.related_objects``), so a model added later is merged without a change here:

- a **foreign key** (contacts, orders, visits, tasks, attachments, notes…): its rows are
  re-pointed in one UPDATE; where a unique constraint would be broken (the same colleague on
  both account teams, a planned visit on the same day, the same year of financial
  statements), the kept account's row stays and the merged one's is dropped, and counted;
- a **one-to-one** row (the account plan, the rating, and the stored figures: receivables,
  credit position, standing, visit schedule): moved when the kept account has none, dropped
  otherwise; the stored figures are then computed again from the moved rows through their
  own refreshes, so ``check_figures`` agrees.

Nothing a person wrote is lost: when both accounts have a plan, each section of the merged
one is appended to the kept one's under a heading naming the merged account (the plan's
history records it); every other row dropped for the kept account's own (a rating, a
competitor or a year of statements of the same name, a visit planned on the same day) is
kept as it was in the merge record (``AccountMerge.dropped_rows``), except the stored
figures, which are computed again.

The history of both stays: history rows are not tied to the account by a constraint, and the
merged account's own history keeps its id, which :class:`~stewardship.models.AccountMerge`
records with its code and name. Admins only.
"""

from __future__ import annotations

from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import Account, AccountPlan
from contacts.coverage import coverage_refresh
from credit.ageing import owner_ageing_refresh
from credit.positions import positions_refresh
from deals.receivables import receivables_refresh
from deals.revenue import owner_revenue_refresh
from scoring.stored import scoring_figures_refresh
from users.permissions import is_admin
from visits.schedule import schedules_refresh

# Caches of their definitions over the rows moved, computed again by ``_refresh_figures``:
# the merged account's copy says nothing the moved rows do not.
RECOMPUTED = frozenset(
    {"deals.AccountReceivable", "credit.CreditPosition", "contacts.AccountCoverage", "visits.VisitSchedule"}
)


def account_relations() -> list[models.ForeignObjectRel]:
    """Every relation whose rows belong to an account: reverse foreign keys and one-to-ones,
    also those without a reverse name (credit holds, webhook events), but not history rows
    (DO_NOTHING: they keep the id they were written with) nor the merge records."""
    from .models import AccountMerge

    return [
        rel
        for rel in Account._meta.get_fields(include_hidden=True)
        if rel.auto_created
        and not rel.concrete
        and not rel.many_to_many
        and rel.remote_field.remote_field.on_delete is not models.DO_NOTHING
        and rel.related_model is not AccountMerge
    ]


def related_counts(account: Account) -> dict[str, int]:
    """How many rows of each related model point at ``account`` (one COUNT each)."""
    return {
        rel.related_model._meta.label: rel.related_model._base_manager.filter(**{rel.field.name: account}).count()
        for rel in account_relations()
    }


def _unique_groups(model, fk_name: str) -> list[tuple[list[str], models.Q | None]]:
    """The other fields of each unique rule that includes the account field (with its condition)."""
    groups = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and fk_name in (constraint.fields or ()):
            groups.append(([name for name in constraint.fields if name != fk_name], constraint.condition))
    for together in model._meta.unique_together:
        if fk_name in together:
            groups.append(([name for name in together if name != fk_name], None))
    return groups


def _drop(field, rows, kept_rows: list) -> int:
    """Delete ``rows`` that clash with the kept account's own, adding each as it was to
    ``kept_rows`` (a stored figure excepted); never a protected record (an order, a credit
    decision): those refuse the merge, for a person to settle first."""
    if field.remote_field.on_delete is models.PROTECT and rows.exists():
        raise ValidationError(
            _("Both accounts have a %(record)s that cannot be two on one account: settle it first.")
            % {"record": field.model._meta.verbose_name}
        )
    if field.model._meta.label not in RECOMPUTED:
        kept_rows.extend(serializers.serialize("python", rows.order_by("pk")))
    removed, _details = rows.delete()
    return removed


def _move(rel, *, kept: Account, merged: Account, kept_rows: list) -> tuple[int, int]:
    """Re-point ``rel``'s rows from ``merged`` to ``kept``; returns (moved, dropped), the
    dropped rows added to ``kept_rows``."""
    model, field = rel.related_model, rel.field
    manager = model._base_manager
    theirs = manager.filter(**{field.name: merged})
    dropped = 0
    if field.one_to_one or field.unique:
        if manager.filter(**{field.name: kept}).exists():
            return 0, _drop(field, theirs, kept_rows)
        return theirs.update(**{field.name: kept}), 0
    for others, condition in _unique_groups(model, field.name):
        ours = manager.filter(**{field.name: kept})
        clashing = theirs
        if condition is not None:
            ours, clashing = ours.filter(condition), clashing.filter(condition)
        if not others:  # at most one per account: the kept one's stays
            clashing = clashing if ours.exists() else clashing.none()
        else:
            clashing = clashing.filter(models.Exists(ours.filter(**{name: models.OuterRef(name) for name in others})))
        dropped += _drop(field, clashing, kept_rows)
    return theirs.update(**{field.name: kept}), dropped


@transaction.atomic
def accounts_merge(*, actor, kept: Account, merged: Account):
    """Move every row of ``merged`` to ``kept`` and delete ``merged``; returns the record.

    Both accounts are locked first. The kept account takes the merged one's credit code when
    it has none. The stored figures of ``kept`` are recomputed, and the per-owner ones when
    the two had different owners.
    """
    from .models import AccountMerge

    if not is_admin(actor):
        raise PermissionDenied
    if kept.pk == merged.pk:
        raise ValidationError(_("Choose two different accounts."))
    locked = {
        account.pk: account for account in Account.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk])
    }
    kept, merged = locked[kept.pk], locked[merged.pk]
    moved, dropped, kept_rows = {}, {}, []
    combined = _combine_plans(actor=actor, kept=kept, merged=merged)
    for rel in account_relations():
        label = rel.related_model._meta.label
        moved[label], dropped[label] = _move(rel, kept=kept, merged=merged, kept_rows=kept_rows)
    moved[AccountPlan._meta.label] += combined  # its sections moved into the kept plan
    moved["generic"] = _move_generic(kept=kept, merged=merged)
    record = AccountMerge.objects.create(
        actor=actor,
        kept=kept,
        kept_code=kept.code,
        merged_id=merged.pk,
        merged_code=merged.code,
        merged_name=merged.name,
        moved={label: count for label, count in moved.items() if count},
        dropped={label: count for label, count in dropped.items() if count},
        dropped_rows=kept_rows,
    )
    credit_code = merged.credit_code
    merged._history_user = actor
    merged._change_reason = f"merged into {kept.code}"
    merged.delete()
    if credit_code and not kept.credit_code:
        kept.credit_code = credit_code
        kept._history_user = actor
        kept._change_reason = f"merged {merged.code}"
        kept.save(update_fields=["credit_code", "updated_at"])
    _refresh_figures(kept, merged_owner_id=merged.owner_id)
    return record


PLAN_SECTIONS = [field.name for field in AccountPlan._meta.fields if isinstance(field, models.TextField)]


def _combine_plans(*, actor, kept: Account, merged: Account) -> int:
    """When both accounts have a plan, append each section the merged plan filled to the kept
    plan's, under a heading naming the merged account, keep the sooner review date and delete
    the merged plan; 1 if so, 0 if there was nothing to combine (the generic move then moves
    a lone merged plan)."""
    plans = {plan.account_id: plan for plan in AccountPlan.objects.filter(account__in=[kept, merged])}
    if len(plans) < 2:
        return 0
    ours, theirs = plans[kept.pk], plans[merged.pk]
    heading = _("From the plan of %(code)s %(name)s (merged):") % {"code": merged.code, "name": merged.name}
    for name in PLAN_SECTIONS:
        added = getattr(theirs, name).strip()
        if added:
            own = getattr(ours, name).rstrip()
            setattr(ours, name, f"{own}\n\n{heading}\n{added}" if own else f"{heading}\n{added}")
    reviews = [day for day in (ours.review_on, theirs.review_on) if day is not None]
    ours.review_on = min(reviews) if reviews else None
    ours._history_user = actor
    ours._change_reason = f"merged {merged.code}"
    ours.save()
    theirs.delete()
    return 1


def _move_generic(*, kept: Account, merged: Account) -> int:
    """Re-point generic references to the merged account (an attachment filed on the account
    itself names it by content type and id): one UPDATE per model that has such a reference."""
    from django.apps import apps
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.contrib.contenttypes.models import ContentType

    account_type = ContentType.objects.get_for_model(Account)
    moved = 0
    for model in apps.get_models():
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                moved += model._base_manager.filter(**{field.ct_field: account_type, field.fk_field: merged.pk}).update(
                    **{field.fk_field: kept.pk}
                )
    return moved


def _refresh_figures(kept: Account, *, merged_owner_id: int) -> None:
    # The stored figures are caches of their definitions over the rows just moved: each is
    # computed again for the kept account by its own refresh (as check_figures --repair does).
    receivables_refresh(account_ids=[kept.pk])  # with the figures that follow receivables
    positions_refresh(account_ids=[kept.pk])
    owner_ageing_refresh(owner_ids=[kept.owner_id, merged_owner_id])  # the merged one's position is gone
    owner_revenue_refresh(owner_ids=[merged_owner_id])  # its orders count for the kept owner now
    coverage_refresh(account_ids=[kept.pk])
    schedules_refresh(Account.objects.filter(pk=kept.pk))
    scoring_figures_refresh()  # the merged account's results are gone from the per-owner sums
