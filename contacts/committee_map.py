"""The relationship map: the buying committee of one account as a graph.

People are nodes (coloured by stance, sized by influence, labelled with their buying roles and
our relationship owner), reporting lines and influence links are edges (an influence link's
width is its strength), and each buying role nobody holds is a dashed placeholder node that
links to the new-contact form with that role ticked. The page draws it with cytoscape.js from
the JSON :func:`committee_map` returns and lists the same facts in a table for screen readers.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Account

from .models import BuyingRole, Contact, InfluenceLink, LinkStrength, Stance

NODE_SIZE = {1: 36, 2: 52, 3: 70}  # by influence: low, medium, high
EDGE_WIDTH = {LinkStrength.WEAK: 1.5, LinkStrength.MEDIUM: 3.5, LinkStrength.STRONG: 6}


def _person(contact: Contact, people: dict[int, Contact]) -> dict:
    roles = [role.get_role_display() for role in contact.active_roles]
    owner = contact.relationship_owner
    lines = [contact.name, " · ".join(roles)]
    if owner is not None:
        lines.append(_("ours: %(owner)s") % {"owner": owner})
    return {
        "id": f"c{contact.pk}",
        "kind": "person",
        "name": contact.name,
        "label": "\n".join(line for line in lines if line),
        "roles": roles,
        "stance": contact.stance,
        "stance_label": str(Stance(contact.stance).label),
        "influence": contact.influence,
        "influence_label": contact.get_influence_display(),
        "size": NODE_SIZE[contact.influence],
        "owner": str(owner) if owner is not None else "",
        "reports_to": people[contact.reports_to_id].name if contact.reports_to_id in people else "",
        "url": contact.get_absolute_url(),
    }


def _placeholder(account: Account, role: str, label: str) -> dict:
    return {
        "id": f"missing-{role}",
        "kind": "placeholder",
        "role": role,
        "label": _("%(role)s — unknown") % {"role": label},
        "size": NODE_SIZE[2],
        "url": f"{reverse('contacts:create', args=[account.pk])}?role={role}",
    }


def committee_map(*, account: Account, contacts: list[Contact]) -> dict:
    """The graph of ``account``'s current ``contacts`` as ``selectors.committee`` loads them
    (with ``active_roles`` and ``relationship_owner``): one query, for the influence links
    between them. ``graph`` (nodes and edges) is what the page's JSON carries; ``people`` and
    ``placeholders`` are its nodes again for the table, ``links`` the influence links themselves
    for the list and its remove buttons."""
    people = {contact.pk: contact for contact in contacts}
    links = list(
        InfluenceLink.objects.filter(source__in=list(people), target__in=list(people)).order_by("source", "target")
    )
    covered = {role.role for contact in contacts for role in contact.active_roles}
    placeholders = [_placeholder(account, role, label) for role, label in BuyingRole.choices if role not in covered]
    edges = [
        {
            "id": f"r{contact.pk}",
            "kind": "reports",
            "source": f"c{contact.pk}",
            "target": f"c{contact.reports_to_id}",
            "label": _("reports to"),
        }
        for contact in contacts
        if contact.reports_to_id in people and contact.reports_to_id != contact.pk
    ]
    for link in links:
        link.source, link.target = people[link.source_id], people[link.target_id]
        edges.append(
            {
                "id": f"i{link.pk}",
                "kind": "influence",
                "source": f"c{link.source_id}",
                "target": f"c{link.target_id}",
                "strength": link.strength,
                "label": link.get_strength_display(),
                "width": EDGE_WIDTH[link.strength],
            }
        )
    persons = [_person(contact, people) for contact in contacts]
    return {
        "graph": {"nodes": persons + placeholders, "edges": edges},
        "people": persons,
        "placeholders": placeholders,
        "links": links,
    }
