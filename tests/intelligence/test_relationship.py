"""The relationship score of a buying committee, its parts and its explanation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from contacts.models import BuyingRole, Stance
from intelligence import relationship, services
from intelligence.models import RelationshipScore
from tests.factories import AccountFactory, ContactFactory, ContactRoleFactory, buying_committee

pytestmark = pytest.mark.django_db


def test_a_committee_without_a_technical_contact_and_a_neutral_decision_maker_is_scored_and_explained(rep):
    account = buying_committee(rep).account  # its coach of high influence, with no link

    result = relationship.relationship_of(relationship.committees([account.pk])[account.pk])

    # breadth: 4 of 5 roles → 32; depth: 2 relationships of 4 → 7.5, 2 of our people of 3 → 10;
    # decision: the decision-maker 0.5 × 0.6 + 3/3 × 0.4 = 0.7 → 14, the opposing unknown
    # high-influence coach 0 → 0.
    assert result["breadth"] == Decimal("32.0")
    assert result["depth"] == Decimal("17.5")
    assert result["decision"] == Decimal("14.0")
    assert result["score"] == Decimal("63.5")
    with translation.override("en"):
        phrases = relationship.explain(result["explanation"])
    assert phrases == [
        "the decision-maker Wang Wei is neutral",
        "nobody holds the Technical role",
        "nobody of ours knows the Coach contact Zhao Lei",
    ]


def test_the_explanation_reads_in_chinese(rep):
    account = buying_committee(rep).account
    result = relationship.relationship_of(relationship.committees([account.pk])[account.pk])
    with translation.override("zh-hans"):
        phrases = relationship.explain(result["explanation"])
    assert "决策者 Wang Wei 态度中立" in phrases[0]


def test_an_account_without_contacts_scores_nothing_and_says_who_is_missing(rep):
    account = AccountFactory(owner=rep)
    result = relationship.relationship_of(relationship.committees([account.pk])[account.pk])
    assert result["score"] == Decimal("0")
    codes = [entry["code"] for entry in result["explanation"]]
    assert codes.count("role_missing") == len(BuyingRole.values)
    assert codes[-1] == "single_thread"


def test_each_run_keeps_its_relationship_score_so_the_trend_shows(rep):
    account = buying_committee(rep).account
    services.intelligence_run(as_of=datetime.date(2026, 5, 31), horizon_days=90)
    technical = ContactFactory(account=account, stance=Stance.SUPPORTER, relationship_owner=rep)
    ContactRoleFactory(contact=technical, role=BuyingRole.TECHNICAL)
    services.intelligence_run(as_of=datetime.date(2026, 6, 30), horizon_days=90)

    scores = list(
        RelationshipScore.objects.filter(account=account).order_by("run__as_of").values_list("score", flat=True)
    )
    assert len(scores) == 2
    assert scores[1] > scores[0]
