"""The relationship score: how well we are connected to an account's buying committee.

Built on the contacts app's coverage analysis (which buying roles someone still there holds,
as ``contacts.selectors.coverage_expressions`` defines it) and the committee's active roles,
read for every account at once in two queries; :func:`relationship_of` is the one definition of the
score and its explanation. Three parts, 100 points:

- breadth (40): the share of the buying roles someone holds;
- depth (30): contacts we have a relationship with (15, full at four) and how many of our
  people hold those relationships (15, full at three) — a single thread breaks;
- decision (30): the decision-makers' stance and our relationship strength with them (20),
  and the same for the people who sway them (10; without any, the decision-makers stand for
  them): whoever has an influence link to a decision-maker (``contacts.InfluenceLink``),
  weighted by its strength (weak 1, medium 2, strong 3), and the committee's other
  high-influence members, weighted as a medium link. Stance counts 60 %, strength 40 %.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from contacts.models import (
    BuyingRole,
    Contact,
    ContactRole,
    Influence,
    InfluenceLink,
    LinkStrength,
    RelationshipStrength,
    Stance,
)

STANCE_VALUE = {Stance.SUPPORTER: 1.0, Stance.NEUTRAL: 0.5, Stance.OPPONENT: 0.0}
FULL_RELATIONSHIPS, FULL_PEOPLE = 4, 3
ROLES = tuple(BuyingRole.values)  # read once: the enum builds the list anew on every access

EXPLANATIONS = {
    "role_missing": _("nobody holds the %(role)s role"),
    "role_unknown": _("nobody of ours knows the %(role)s contact %(name)s"),
    "decision_maker_stance": _("the decision-maker %(name)s is %(stance)s"),
    "single_thread": _("only %(count)s of our people know their people"),
    "influencer_stance": _("%(name)s, who influences the decision-maker %(decider)s, is %(stance)s"),
    "influencer_unknown": _("nobody of ours knows %(name)s, who influences the decision-maker %(decider)s"),
}
UNLINKED_WEIGHT = LinkStrength.MEDIUM  # a high-influence member with no recorded link


@dataclass
class Member:
    contact_id: int
    name: str
    role: str
    stance: str
    strength: int
    influence: int


@dataclass
class Link:
    """An influence link into a contact still there, with what the score reads of its source."""

    contact_id: int
    name: str
    stance: str
    strength: int  # our relationship with the source
    target_id: int
    weight: int  # the link's strength


@dataclass
class Committee:
    """What the score reads of one account: who holds which role, and the depth figures."""

    covered: set = field(default_factory=set)
    members: list = field(default_factory=list)  # one per (contact, active role)
    relationships: int = 0
    our_people: int = 0
    links: list = field(default_factory=list)


def committees(account_ids: list[int] | None = None) -> dict[int, Committee]:
    """The committee figures of every account (or of ``account_ids``): three reads.

    A role counts as covered as the contacts app's coverage defines it (``covers_<role>`` of
    ``coverage_expressions``: an active role of a contact still there), read here from the
    same rows as the members instead of five EXISTS per account, which at 50 000 accounts
    cost more than the rest of the run.
    """
    accounts = Account.objects.all() if account_ids is None else Account.objects.filter(pk__in=account_ids)
    result: dict[int, Committee] = {pk: Committee() for pk in accounts.values_list("pk", flat=True)}
    roles = ContactRole.objects.active().filter(contact__left_company=False).order_by()
    contacts = Contact.objects.current().order_by().values("account_id")
    if account_ids is not None:
        roles = roles.filter(contact__account__in=account_ids)
        contacts = contacts.filter(account__in=account_ids)
    fields = ("contact_id", "contact__name", "role", "contact__stance", "contact__relationship_strength")
    for account_id, *member in roles.values_list("contact__account_id", *fields, "contact__influence"):
        result[account_id].members.append(Member(*member))
        result[account_id].covered.add(member[2])
    known = Q(relationship_strength__gt=RelationshipStrength.NONE)
    for row in contacts.annotate(
        relationships=Count("pk", filter=known),
        our_people=Count("relationship_owner", filter=known, distinct=True),
    ):
        result[row["account_id"]].relationships = row["relationships"]
        result[row["account_id"]].our_people = row["our_people"]
    for account_id, *link in _links(account_ids):
        result[account_id].links.append(Link(*link))
    for committee in result.values():
        committee.members.sort(key=lambda member: (member.name, member.contact_id))
        committee.links.sort(key=lambda link: (link.name, link.contact_id, link.target_id))
    return result


def _links(account_ids: list[int] | None):
    links = InfluenceLink.objects.filter(source__left_company=False, target__left_company=False).order_by()
    if account_ids is not None:
        links = links.filter(source__account__in=account_ids)
    fields = ("source_id", "source__name", "source__stance", "source__relationship_strength", "target_id", "strength")
    return links.values_list("source__account_id", *fields)


def _regard(people: list, weights: list[int] | None = None) -> float:
    """0–1: how the people stand towards us (60 %) and how well we know them (40 %), averaged
    with ``weights`` (all equal without)."""
    weights = weights or [1] * len(people)
    values = [
        (STANCE_VALUE[person.stance] * 0.6 + person.strength / RelationshipStrength.STRONG * 0.4) * weight
        for person, weight in zip(people, weights, strict=True)
    ]
    return sum(values) / sum(weights)


def _influencers(committee: Committee, deciders: list[Member]) -> dict[int, tuple]:
    """Contact id -> (the person, weight) of everyone who sways the decision-makers."""
    decider_ids = {member.contact_id for member in deciders}
    weighed: dict[int, tuple] = {}
    for link in committee.links:
        if link.target_id in decider_ids and link.contact_id not in decider_ids:
            held = weighed.get(link.contact_id, (None, 0))[1]
            weighed[link.contact_id] = (link, max(held, link.weight))
    for member in committee.members:
        if member.influence == Influence.HIGH and member.contact_id not in decider_ids | set(weighed):
            weighed[member.contact_id] = (member, UNLINKED_WEIGHT)
    return weighed


def _explain_influencers(committee: Committee, deciders: list[Member]) -> list[dict]:
    names = {member.contact_id: member.name for member in deciders}
    explanation = []
    for link in committee.links:
        if link.target_id not in names or link.contact_id in names:
            continue
        params = {"name": link.name, "decider": names[link.target_id]}
        if link.stance != Stance.SUPPORTER:
            explanation.append({"code": "influencer_stance", "params": {**params, "stance": link.stance}})
        if link.strength == RelationshipStrength.NONE:
            explanation.append({"code": "influencer_unknown", "params": params})
    return explanation


def _explain(committee: Committee, deciders: list[Member]) -> list[dict]:
    explanation = []
    for decider in deciders:
        if decider.stance != Stance.SUPPORTER:
            explanation.append(
                {"code": "decision_maker_stance", "params": {"name": decider.name, "stance": decider.stance}}
            )
    explanation += _explain_influencers(committee, deciders)
    for role in ROLES:
        holders = [member for member in committee.members if member.role == role]
        if role not in committee.covered:
            explanation.append({"code": "role_missing", "params": {"role": role}})
        elif all(member.strength == RelationshipStrength.NONE for member in holders):
            names = ", ".join(member.name for member in holders)
            explanation.append({"code": "role_unknown", "params": {"role": role, "name": names}})
    if committee.our_people < 2:
        explanation.append({"code": "single_thread", "params": {"count": committee.our_people}})
    return explanation


def relationship_of(committee: Committee) -> dict:
    """The score (0.0–100.0), its three parts and the explanation of one account."""
    breadth = 40 * len(committee.covered) / len(ROLES)
    depth = 15 * min(1.0, committee.relationships / FULL_RELATIONSHIPS) + 15 * min(
        1.0, committee.our_people / FULL_PEOPLE
    )
    deciders = [member for member in committee.members if member.role == BuyingRole.DECISION_MAKER]
    influencers = list(_influencers(committee, deciders).values())
    decision = 0.0
    if deciders:
        decider_regard = _regard(deciders)
        swayed = decider_regard
        if influencers:
            people, weights = zip(*influencers, strict=True)
            swayed = _regard(list(people), list(weights))
        decision = 20 * decider_regard + 10 * swayed
    parts = {
        name: Decimal(str(round(value, 1)))
        for name, value in (("breadth", breadth), ("depth", depth), ("decision", decision))
    }
    return {
        "score": sum(parts.values()),
        **parts,
        "explanation": _explain(committee, deciders),
    }


def explain(explanation: list[dict]) -> list[str]:
    """A stored explanation in the active language, one phrase per entry."""
    phrases = []
    for entry in explanation:
        params = dict(entry["params"])
        if "role" in params:
            params["role"] = BuyingRole(params["role"]).label
        if "stance" in params:
            params["stance"] = str(Stance(params["stance"]).label).lower()
        phrases.append(str(EXPLANATIONS[entry["code"]]) % params)
    return phrases
