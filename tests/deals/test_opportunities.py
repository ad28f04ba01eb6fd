"""Opportunities: create, edit, move on the board, lost reasons, the team pipeline per stage."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Contact
from deals.models import Opportunity, OpportunityContact, PipelineStage
from tests.factories import (
    AccountFactory,
    AccountTeamMemberFactory,
    ContactFactory,
    OpportunityContactFactory,
    OpportunityFactory,
    PipelineStageFactory,
)


def stage(name):
    return PipelineStage.objects.get(name=name)


def move(client, opportunity, target, **data):
    return client.post(
        reverse("deals:opportunity_move", args=[opportunity.pk]),
        {"stage": target.pk, **data},
        headers={"accept": "application/json"},
    )


def test_the_default_pipeline_comes_with_probabilities(db):
    stages = list(PipelineStage.objects.values_list("name", "probability", "outcome"))
    assert stages[0] == ("Initial contact", 10, "open")
    assert ("Won", 100, "won") in stages
    assert ("Lost", 0, "lost") in stages


def test_rep_creates_an_opportunity_on_their_account(client, rep, account):
    client.force_login(rep)
    response = client.post(
        reverse("deals:opportunity_create", args=[account.pk]),
        {
            "name": "Pump retrofit",
            "owner": rep.pk,
            "stage": stage("Proposal").pk,
            "amount": "120000",
            "probability": "",
            "expected_close": "2026-09-30",
            "competitors": "Grundfos",
            "lost_reason": "",
        },
    )
    assert response.status_code == 302
    opportunity = Opportunity.objects.with_weighted().get()
    assert (opportunity.account, opportunity.owner, opportunity.stage.name) == (account, rep, "Proposal")
    assert opportunity.win_probability == 50
    assert opportunity.weighted_amount == Decimal("60000.00")


def test_moving_a_card_on_the_board_changes_its_stage(client, rep, account):
    opportunity = OpportunityFactory(account=account)
    client.force_login(rep)

    response = move(client, opportunity, stage("Negotiation"))

    assert response.status_code == 200
    assert json.loads(response.content) == {"ok": True, "stage": stage("Negotiation").pk}
    opportunity.refresh_from_db()
    assert opportunity.stage.name == "Negotiation"
    assert opportunity.closed_on is None


def test_winning_dates_the_close_and_reopening_clears_it(client, rep, account):
    opportunity = OpportunityFactory(account=account)
    client.force_login(rep)
    move(client, opportunity, stage("Won"))
    opportunity.refresh_from_db()
    assert opportunity.closed_on == timezone.localdate()
    move(client, opportunity, stage("Proposal"))
    opportunity.refresh_from_db()
    assert opportunity.closed_on is None


def test_losing_needs_a_reason(client, rep, account):
    opportunity = OpportunityFactory(account=account)
    client.force_login(rep)

    refused = move(client, opportunity, stage("Lost"))
    assert refused.status_code == 400
    assert "Say why" in json.loads(refused.content)["error"]
    opportunity.refresh_from_db()
    assert opportunity.stage.name == "Initial contact"

    move(client, opportunity, stage("Lost"), lost_reason="Competitor 15 % cheaper")
    opportunity.refresh_from_db()
    assert (opportunity.stage.name, opportunity.lost_reason) == ("Lost", "Competitor 15 % cheaper")


def test_a_plain_form_post_redirects_back_to_the_board(client, rep, account):
    opportunity = OpportunityFactory(account=account)
    client.force_login(rep)
    response = client.post(reverse("deals:opportunity_move", args=[opportunity.pk]), {"stage": stage("Proposal").pk})
    assert response["Location"] == reverse("deals:opportunity_board")


def test_an_outsider_cannot_move_another_teams_opportunity(client, other_rep, account):
    opportunity = OpportunityFactory(account=account)
    client.force_login(other_rep)
    assert move(client, opportunity, stage("Won")).status_code == 404
    opportunity.refresh_from_db()
    assert opportunity.stage.name == "Initial contact"


def test_the_board_shows_visible_opportunities_in_their_stage_columns(client, rep, account, foreign_account):
    mine = OpportunityFactory(account=account, name="Mine", stage=stage("Proposal"))
    OpportunityFactory(account=foreign_account, name="Theirs")
    client.force_login(rep)
    columns = client.get(reverse("deals:opportunity_board")).context["columns"]
    by_stage = {column["stage"].name: [o.name for o in column["opportunities"]] for column in columns}
    assert by_stage["Proposal"] == [mine.name]
    assert all("Theirs" not in names for names in by_stage.values())


def test_the_board_flags_open_deals_past_their_close_date(client, rep, account):
    today = timezone.localdate()
    late = OpportunityFactory(
        account=account, stage=stage("Proposal"), expected_close=today - datetime.timedelta(days=1)
    )
    due = OpportunityFactory(account=account, stage=stage("Proposal"), expected_close=today)
    client.force_login(rep)
    response = client.get(reverse("deals:opportunity_board"))
    cards = {card.pk: card for column in response.context["columns"] for card in column["opportunities"]}
    assert (cards[late.pk].past_due, cards[due.pk].past_due) == (True, False)
    page = response.content.decode()
    assert "past-due" in page[page.index(f'id="opportunity-{late.pk}"') :].split("</article>")[0]
    assert "past-due" not in page[page.index(f'id="opportunity-{due.pk}"') :].split("</article>")[0]


def test_editing_an_opportunity_to_lost_without_reason_is_refused(client, rep, account):
    opportunity = OpportunityFactory(account=account)
    client.force_login(rep)
    data = {
        "name": opportunity.name,
        "owner": rep.pk,
        "stage": stage("Lost").pk,
        "amount": "10000",
        "probability": "",
        "expected_close": "",
        "competitors": "",
        "lost_reason": "",
    }
    response = client.post(reverse("deals:opportunity_edit", args=[opportunity.pk]), data)
    assert response.status_code == 200
    assert "Say why the opportunity was lost." in response.content.decode()
    response = client.post(
        reverse("deals:opportunity_edit", args=[opportunity.pk]), {**data, "lost_reason": "Budget cut"}
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.stage.name, opportunity.lost_reason) == ("Lost", "Budget cut")


def test_team_pipeline_value_per_stage(client, manager, rep, teammate, account, other_rep, foreign_account):
    teammates_account = AccountFactory(owner=teammate)
    OpportunityFactory(account=account, stage=stage("Proposal"), amount=Decimal("100000"))
    OpportunityFactory(account=teammates_account, stage=stage("Proposal"), amount=Decimal("50000"), probability=80)
    OpportunityFactory(account=account, stage=stage("Negotiation"), amount=Decimal("20000"))
    OpportunityFactory(account=account, stage=stage("Won"), amount=Decimal("999999"))  # closed: not pipeline
    OpportunityFactory(account=foreign_account, stage=stage("Proposal"), amount=Decimal("777777"))  # other team
    client.force_login(manager)

    rows = {row["stage"].name: row for row in client.get(reverse("deals:pipeline")).context["rows"]}

    assert set(rows) == {"Initial contact", "Needs uncovered", "Proposal", "Negotiation"}
    assert (rows["Proposal"]["count"], rows["Proposal"]["amount"]) == (2, Decimal("150000.00"))
    assert rows["Proposal"]["weighted"] == Decimal("90000.00")  # 100 000 × 50 % + 50 000 × 80 %
    assert (rows["Negotiation"]["count"], rows["Negotiation"]["weighted"]) == (1, Decimal("15000.00"))
    assert rows["Initial contact"]["count"] == 0


def test_a_column_shows_its_first_cards_and_counts_them_all(client, rep, account, monkeypatch):
    monkeypatch.setattr("deals.pipeline.BOARD_CARDS", 2)
    for month in (9, 7, 8):
        OpportunityFactory(
            account=account, name=f"Close {month}", amount=Decimal("1000"), expected_close=f"2026-{month:02d}-01"
        )
    client.force_login(rep)
    response = client.get(reverse("deals:opportunity_board"))
    [first] = [column for column in response.context["columns"] if column["stage"].name == "Initial contact"]
    assert [o.name for o in first["opportunities"]] == ["Close 7", "Close 8"]
    assert (first["count"], first["more"], first["amount"]) == (3, 1, Decimal("3000.00"))
    assert first["weighted"] == Decimal("300.00")  # 10 %
    assert "1 more" in response.content.decode()


def test_an_inactive_stage_is_left_off_the_board(client, rep, account):
    PipelineStageFactory(name="Dormant", is_active=False)
    client.force_login(rep)
    columns = client.get(reverse("deals:opportunity_board")).context["columns"]
    assert "Dormant" not in [column["stage"].name for column in columns]


@pytest.mark.parametrize("count", [2, 30])
def test_board_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, count):
    OpportunityFactory.create_batch(count, account=account)
    client.force_login(rep)
    # session, user, stages, the column totals (grouped by stage), the cards shown with their
    # accounts and owners (chosen by a ranking per stage in a subquery)
    with django_assert_num_queries(5):
        assert client.get(reverse("deals:opportunity_board")).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_opportunity_list_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, count):
    OpportunityFactory.create_batch(count, account=account)
    client.force_login(rep)
    # session, user, the custom fields of the filter, stage choices of the filter, count, page
    with django_assert_num_queries(6):
        assert client.get(reverse("deals:opportunity_list")).status_code == 200


def test_a_long_opportunity_list_is_not_counted_to_the_end(client, rep, account, monkeypatch):
    monkeypatch.setattr("accounts.pagination.EXACT_UP_TO", 0)  # count at most 5 pages of 25
    OpportunityFactory.create_batch(126, account=account)
    client.force_login(rep)
    with translation.override("en"):
        response = client.get(reverse("deals:opportunity_list"))
    assert response.context["paginator"].is_capped
    assert "more than 125 opportunities" in response.content.decode()
    assert len(response.context["opportunities"]) == 25


def test_the_list_counts_exactly_the_opportunities_the_user_sees(client, manager, teammate, account, foreign_account):
    OpportunityFactory.create_batch(2, account=account)
    OpportunityFactory(account=AccountFactory(owner=teammate))
    OpportunityFactory.create_batch(3, account=foreign_account)  # another team's
    worked = AccountTeamMemberFactory(account=AccountFactory(owner=foreign_account.owner), user=manager).account
    OpportunityFactory(account=worked)  # another team's account, but the manager is on its account team
    client.force_login(manager)
    response = client.get(reverse("deals:opportunity_list"))
    assert response.context["paginator"].count == 4  # counted through the split form of the rule
    assert len(response.context["opportunities"]) == 4  # listed row by row: the same rows


@pytest.mark.parametrize("count", [2, 20])
def test_pipeline_runs_a_fixed_number_of_queries(client, manager, account, django_assert_num_queries, count):
    OpportunityFactory.create_batch(count, account=account)
    client.force_login(manager)
    # session, user, grouped pipeline, stages
    with django_assert_num_queries(4):
        assert client.get(reverse("deals:pipeline")).status_code == 200


def test_default_stage_names_are_translated_and_an_admins_own_show_as_typed(db):
    custom = PipelineStageFactory(name="Pilot installed")
    with translation.override("zh-hans"):
        assert stage("Initial contact").label == "初步接触"
        assert custom.label == "Pilot installed"


def test_contacts_are_put_on_a_deal_in_buying_roles_and_gaps_are_warned(client, rep, account):
    opportunity = OpportunityFactory(account=account)
    chief = ContactFactory(account=account, name="Chief Engineer Zhao", stance="supporter")
    buyer = ContactFactory(account=account, name="Buyer Qian")
    client.force_login(rep)

    add = reverse("deals:opportunity_contact_add", args=[opportunity.pk])
    client.post(add, {"contact": chief.pk, "role": "technical"})
    client.post(add, {"contact": chief.pk, "role": "coach"})
    client.post(add, {"contact": buyer.pk, "role": "buyer"})
    client.post(add, {"contact": buyer.pk, "role": "buyer"})  # twice: kept once

    assert set(OpportunityContact.objects.values_list("contact__name", "role")) == {
        ("Chief Engineer Zhao", "technical"),
        ("Chief Engineer Zhao", "coach"),
        ("Buyer Qian", "buyer"),
    }
    page = client.get(reverse("deals:opportunity_edit", args=[opportunity.pk]))
    assert page.context["committee"]["missing"] == ["Decision-maker"]
    assert "Not covered:" in page.content.decode()


def test_only_the_accounts_current_contacts_can_be_put_on_its_deal(client, rep, account, foreign_account):
    opportunity = OpportunityFactory(account=account)
    outsider = ContactFactory(account=foreign_account)
    gone = ContactFactory(account=account, left_company=True)
    client.force_login(rep)
    add = reverse("deals:opportunity_contact_add", args=[opportunity.pk])
    for contact in (outsider, gone):
        response = client.post(add, {"contact": contact.pk, "role": "decision_maker"}, follow=True)
        assert "Choose a contact of this account" in response.content.decode()
    assert not OpportunityContact.objects.exists()


def test_a_decision_maker_who_left_is_flagged_on_the_deal(client, rep, account):
    link = OpportunityContactFactory(opportunity=OpportunityFactory(account=account), role="decision_maker")
    Contact.objects.filter(pk=link.contact_id).update(left_company=True)
    client.force_login(rep)
    page = client.get(reverse("deals:opportunity_edit", args=[link.opportunity_id])).content.decode()
    assert "has left the company" in page


def test_a_role_is_taken_off_the_deal(client, rep, account):
    link = OpportunityContactFactory(opportunity=OpportunityFactory(account=account))
    client.force_login(rep)
    client.post(reverse("deals:opportunity_contact_remove", args=[link.pk]))
    assert not OpportunityContact.objects.exists()


@pytest.mark.parametrize("count", [1, 6])
def test_opportunity_page_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, count):
    opportunity = OpportunityFactory(account=account)
    for _ in range(count):
        OpportunityContactFactory(opportunity=opportunity, role="user")
    client.force_login(rep)
    # session, user, opportunity, owner choices, stage choices, committee, contact choices,
    # its documents with uploaders, the right to attach more, the custom fields of the form
    with django_assert_num_queries(10):
        assert client.get(reverse("deals:opportunity_edit", args=[opportunity.pk])).status_code == 200
