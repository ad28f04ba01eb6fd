"""The relationship map: influence links, the committee drawn as a graph, and the relationship
score that reads who sways the decision-makers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from contacts import services
from contacts.models import Influence, InfluenceLink, LinkStrength, Stance
from intelligence import relationship
from intelligence.services import intelligence_run
from tests.factories import AccountFactory, ContactFactory, InfluenceLinkFactory, buying_committee

pytestmark = pytest.mark.django_db
RUN_DAY = datetime.date(2026, 6, 30)


def committee_with_a_gap(rep):
    """The shared committee with a medium-influence coach, who strongly sways the
    decision-maker through a link."""
    committee = buying_committee(rep, coach_influence=Influence.MEDIUM)
    committee.link = InfluenceLinkFactory(source=committee.coach, target=committee.chief, strength=LinkStrength.STRONG)
    return committee


def test_the_map_draws_the_committee_its_links_and_the_missing_technical_role_and_the_score_explains_it(client, rep):
    committee = committee_with_a_gap(rep)
    intelligence_run(as_of=RUN_DAY, horizon_days=90)
    client.force_login(rep)

    with translation.override("en"):
        panel = client.get(reverse("contacts:committee", args=[committee.account.pk]))
        graph = panel.context["map"]["graph"]
        nodes = {node["id"]: node for node in graph["nodes"]}
        assert set(nodes) == {
            f"c{committee.chief.pk}",
            f"c{committee.buyer.pk}",
            f"c{committee.coach.pk}",
            "missing-technical",
        }
        assert nodes[f"c{committee.chief.pk}"]["stance"] == "neutral"
        assert (
            nodes[f"c{committee.chief.pk}"]["size"]
            > nodes[f"c{committee.coach.pk}"]["size"]
            > nodes[f"c{committee.buyer.pk}"]["size"]
        )
        assert nodes[f"c{committee.chief.pk}"]["label"] == f"Wang Wei\nDecision-maker\nours: {rep}"
        assert nodes[f"c{committee.buyer.pk}"]["label"] == "Li Na\nBuyer · User\nours: Chen Jun"
        placeholder = nodes["missing-technical"]
        assert placeholder["kind"] == "placeholder"
        assert placeholder["label"] == "Technical — unknown"
        assert placeholder["url"] == reverse("contacts:create", args=[committee.account.pk]) + "?role=technical"
        edges = {(edge["kind"], edge["source"], edge["target"]): edge for edge in graph["edges"]}
        assert set(edges) == {
            ("reports", f"c{committee.buyer.pk}", f"c{committee.chief.pk}"),
            ("influence", f"c{committee.coach.pk}", f"c{committee.chief.pk}"),
        }
        strong = edges[("influence", f"c{committee.coach.pk}", f"c{committee.chief.pk}")]
        assert strong["strength"] == LinkStrength.STRONG and strong["label"] == "Strong"
        html = panel.content.decode()
        assert 'id="relationship-map-data"' in html  # the graph's JSON, for cytoscape.js
        assert "Zhao Lei influences Wang Wei (Strong)" in html  # the list for screen readers
        assert 'data-placeholder="technical"' in html

        intelligence = client.get(reverse("intelligence:account_panel", args=[committee.account.pk]))
    # breadth 4 of 5 roles → 32; depth 2 relationships of 4 → 7.5, 2 of our people of 3 → 10;
    # decision: the decision-maker 0.5 × 0.6 + 3/3 × 0.4 = 0.7 → 14, his only influencer opposes
    # us and is unknown to us → 0.
    score = intelligence.context["relationship"]
    assert (score.breadth, score.depth, score.decision, score.score) == (
        Decimal("32.0"),
        Decimal("17.5"),
        Decimal("14.0"),
        Decimal("63.5"),
    )
    assert intelligence.context["explanation"] == [
        "the decision-maker Wang Wei is neutral",
        "Zhao Lei, who influences the decision-maker Wang Wei, is opponent",
        "nobody of ours knows Zhao Lei, who influences the decision-maker Wang Wei",
        "nobody holds the Technical role",
        "nobody of ours knows the Coach contact Zhao Lei",
    ]
    assert "nobody holds the Technical role" in intelligence.content.decode()


def test_the_explanation_of_an_influencer_reads_in_chinese(rep):
    committee = committee_with_a_gap(rep)
    result = relationship.relationship_of(relationship.committees([committee.account.pk])[committee.account.pk])
    with translation.override("zh-hans"):
        phrases = relationship.explain(result["explanation"])
    assert phrases[1] == "影响决策者 Wang Wei 的 Zhao Lei 态度反对者"
    assert phrases[2] == "我方没有人认识影响决策者 Wang Wei 的 Zhao Lei"


def test_an_influencer_of_the_decision_maker_weighs_by_the_links_strength(rep):
    committee = committee_with_a_gap(rep)

    def decision():
        return relationship.relationship_of(relationship.committees([committee.account.pk])[committee.account.pk])[
            "decision"
        ]

    # Only the opposing coach sways the decision-maker: the influencers' part is 0.
    assert decision() == Decimal("14.0")
    # The supporting buyer sways him too, weakly: (0.6 + 2/3 × 0.4) × 1 of 4 weights → 2.2.
    InfluenceLinkFactory(source=committee.buyer, target=committee.chief, strength=LinkStrength.WEAK)
    assert decision() == Decimal("16.2")
    # Without links the decision-maker stands for his influencers (nobody else is of high influence).
    InfluenceLink.objects.all().delete()
    assert decision() == Decimal("21.0")


def test_a_link_joins_two_people_of_the_same_account_once(rep):
    committee = committee_with_a_gap(rep)
    stranger = ContactFactory(account=AccountFactory(owner=rep))
    with pytest.raises(ValidationError):
        services.influence_link_save(source=stranger, target=committee.chief, strength=LinkStrength.WEAK, actor=rep)
    with pytest.raises(ValidationError):
        services.influence_link_save(
            source=committee.chief, target=committee.chief, strength=LinkStrength.WEAK, actor=rep
        )
    services.contact_mark_left(contact=committee.buyer, actor=rep)
    committee.buyer.refresh_from_db()
    with pytest.raises(ValidationError):
        services.influence_link_save(
            source=committee.buyer, target=committee.chief, strength=LinkStrength.WEAK, actor=rep
        )

    again = services.influence_link_save(
        source=committee.coach, target=committee.chief, strength=LinkStrength.WEAK, actor=rep
    )

    assert again.pk == committee.link.pk and InfluenceLink.objects.count() == 1
    assert again.strength == LinkStrength.WEAK
    assert again.history.latest().history_user == rep


def test_removing_a_link_keeps_who_removed_it(rep):
    committee = committee_with_a_gap(rep)
    services.influence_link_remove(link=committee.link, actor=rep)
    assert not InfluenceLink.objects.exists()
    removed = InfluenceLink.history.get(history_type="-")
    assert removed.history_user == rep and removed.source_id == committee.link.source_id


def test_a_rep_adds_and_removes_a_link_from_the_committee_tab(client, rep):
    committee = committee_with_a_gap(rep)
    client.force_login(rep)
    added = client.post(
        reverse("contacts:influence_add", args=[committee.account.pk]),
        {"source": committee.buyer.pk, "target": committee.chief.pk, "strength": LinkStrength.MEDIUM},
    )
    assert added.status_code == 302 and added["Location"].endswith("#tab-committee/relationship-map")
    assert InfluenceLink.objects.filter(
        source=committee.buyer, target=committee.chief, strength=LinkStrength.MEDIUM
    ).exists()

    removed = client.post(reverse("contacts:influence_remove", args=[committee.link.pk]))
    assert removed.status_code == 302
    assert not InfluenceLink.objects.filter(pk=committee.link.pk).exists()


def test_a_link_to_a_contact_of_another_account_or_to_oneself_is_refused_without_a_change(client, rep):
    committee = committee_with_a_gap(rep)
    stranger = ContactFactory(account=AccountFactory(owner=rep))
    client.force_login(rep)
    url = reverse("contacts:influence_add", args=[committee.account.pk])
    for data in (
        {"source": stranger.pk, "target": committee.chief.pk, "strength": LinkStrength.WEAK},
        {"source": committee.chief.pk, "target": committee.chief.pk, "strength": LinkStrength.WEAK},
        {"source": committee.chief.pk, "target": "99999999999999999999", "strength": "9"},
    ):
        assert client.post(url, data).status_code == 302
    assert InfluenceLink.objects.count() == 1


def test_the_placeholder_opens_the_contact_form_with_the_role_ticked(client, rep):
    account = AccountFactory(owner=rep)
    client.force_login(rep)
    form = client.get(reverse("contacts:create", args=[account.pk]), {"role": "technical"}).context["form"]
    assert form.initial["roles"] == ["technical"]
    form = client.get(reverse("contacts:create", args=[account.pk]), {"role": "chief"}).context["form"]
    assert "roles" not in form.initial


def test_the_relationship_score_keeps_a_trend_for_the_sparkline(client, rep):
    committee = committee_with_a_gap(rep)
    intelligence_run(as_of=RUN_DAY - datetime.timedelta(days=30), horizon_days=90)
    committee.coach.stance = Stance.SUPPORTER
    committee.coach.save()
    intelligence_run(as_of=RUN_DAY, horizon_days=90)
    client.force_login(rep)
    trend = client.get(reverse("intelligence:account_panel", args=[committee.account.pk])).context["relationship_trend"]
    assert trend["labels"] == ["2026-05-31", "2026-06-30"]
    assert trend["scores"][1] > trend["scores"][0]


def test_the_admin_shows_whom_a_contact_influences_and_the_model_refuses_another_accounts_contact(
    client, admin_user, rep
):
    committee = committee_with_a_gap(rep)
    client.force_login(admin_user)
    page = client.get(reverse("admin:contacts_contact_change", args=[committee.coach.pk]))
    assert page.status_code == 200
    assert f'value="{committee.chief.pk}"' in page.content.decode()
    stranger = ContactFactory(account=AccountFactory(owner=rep))
    with pytest.raises(ValidationError):
        InfluenceLink(source=committee.coach, target=stranger, strength=LinkStrength.WEAK).full_clean()
