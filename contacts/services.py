"""Writes to contacts and their buying roles: the one hub they go through. Each service
refreshes the stored coverage of the account it touched (``contacts.coverage``) in its
transaction, so the at-risk list and the coverage list read what the committee tab shows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Account

from .coverage import coverage_refresh
from .models import Contact, ContactRole, InfluenceLink


def _check_reports_to(contact: Contact) -> None:
    boss = contact.reports_to
    if boss is None:
        return
    if boss.account_id != contact.account_id:
        raise ValidationError({"reports_to": _("The manager must work at the same account.")})
    seen = {contact.pk}
    while boss is not None:
        if boss.pk in seen:
            raise ValidationError({"reports_to": _("This would make a reporting loop.")})
        seen.add(boss.pk)
        boss = boss.reports_to


@transaction.atomic
def contact_save(
    *, account: Account, actor, fields: dict, roles: Iterable[str], instance: Contact | None = None
) -> Contact:
    """Create a contact at ``account`` or update ``instance``, and set their buying roles.

    A role the contact no longer holds is ended today rather than deleted, so coverage can
    tell that a decision-maker changed role; a role taken up starts today. History records
    ``actor`` on the contact and on each role row.
    """
    contact = instance or Contact(account=account)
    for name, value in fields.items():
        setattr(contact, name, value)
    if contact.backed_competitor is not None and contact.backed_competitor.account_id != account.pk:
        raise ValidationError({"backed_competitor": _("The competitor must be one of this account's.")})
    _check_reports_to(contact)
    contact.full_clean()
    contact._history_user = actor
    contact.save()
    contact_set_roles(contact=contact, actor=actor, roles=roles)
    return contact


@transaction.atomic
def contact_set_roles(*, contact: Contact, actor, roles: Iterable[str], today: datetime.date | None = None) -> None:
    """Give ``contact`` exactly ``roles``: ended today or started today, then the account's
    coverage refreshed (also after a change to the contact alone: ``contact_save`` and the
    import call this for every contact they write)."""
    today = today or timezone.localdate()
    wanted = set(roles)
    active = {role.role: role for role in ContactRole.objects.select_for_update().filter(contact=contact).active()}
    # At most five rows: saved one by one so each change lands in the roles' history.
    for name in set(active) - wanted:
        role = active[name]
        role.ended_on = today
        role._history_user = actor
        role.save(update_fields=["ended_on"])
    for name in sorted(wanted - set(active)):
        role = ContactRole(contact=contact, role=name, started_on=today)
        role.full_clean()
        role._history_user = actor
        role.save()
    coverage_refresh(account_ids=[contact.account_id])


@transaction.atomic
def contact_mark_left(*, contact: Contact, actor, left_on: datetime.date | None = None) -> Contact:
    """Mark ``contact`` as having left the company; they and their roles stay on file.

    Their roles are kept so that coverage can say "the decision-maker left" for a while.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.left_company:
        return contact
    contact.left_company = True
    contact.left_on = left_on or timezone.localdate()
    contact._history_user = actor
    contact.save(update_fields=["left_company", "left_on", "updated_at"])
    coverage_refresh(account_ids=[contact.account_id])
    return contact


@transaction.atomic
def influence_link_save(*, source: Contact, target: Contact, strength: int, actor) -> InfluenceLink:
    """Record that ``source`` sways ``target`` with ``strength``, or change the strength of the
    link between them. Both must be current contacts of the same account, and two people;
    history records ``actor``. The pair is locked so two reps saving it at once leave one row."""
    if source.account_id != target.account_id:
        raise ValidationError(_("Both contacts must work at the same account."))
    if source.pk == target.pk:
        raise ValidationError(_("A contact cannot influence themselves."))
    if source.left_company or target.left_company:
        raise ValidationError(_("This contact has left the company."))
    link = InfluenceLink.objects.select_for_update().filter(source=source, target=target).first()
    if link is None:
        link = InfluenceLink(source=source, target=target)
    elif link.strength == strength:
        return link
    link.strength = strength
    link.full_clean()
    link._history_user = actor
    link.save()
    return link


@transaction.atomic
def influence_link_remove(*, link: InfluenceLink, actor) -> None:
    """Delete ``link``; its history keeps who removed it."""
    link._history_user = actor
    link.delete()
