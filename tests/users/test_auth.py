"""Logging in and out, changing the password, and the pages each role is offered."""

from django.urls import reverse

from tests.factories import UserFactory
from users import navigation


def test_every_page_requires_login(client, account):
    response = client.get(reverse("accounts:detail", args=[account.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_rep_logs_in_with_their_password_and_lands_on_their_day(client, rep):
    response = client.post(reverse("login"), {"username": "rep", "password": "demo-password"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard:home")
    assert response.context["user"] == rep


def test_a_manager_logs_in_and_lands_on_the_accounts(client, manager):
    response = client.post(reverse("login"), {"username": manager.username, "password": "demo-password"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:list")


def test_a_wrong_password_is_refused_with_a_message(client, rep):
    response = client.post(reverse("login"), {"username": "rep", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, rep):
    client.force_login(rep)
    client.post(reverse("logout"))
    assert client.get(reverse("accounts:list")).status_code == 302


def test_password_change(client, rep):
    client.force_login(rep)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "demo-password",
            "new_password1": "a-much-longer-pass-91",
            "new_password2": "a-much-longer-pass-91",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    rep.refresh_from_db()
    assert rep.check_password("a-much-longer-pass-91")


def test_admin_site_opens_for_admins_only(client, admin_user, rep):
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_account_changelist")).status_code == 200
    client.force_login(rep)
    assert client.get(reverse("admin:index")).status_code == 302


def test_navigation_offers_administration_to_admins_only(client, admin_user, rep):
    client.force_login(admin_user)
    assert reverse("admin:index") in client.get(reverse("accounts:list")).content.decode()
    client.force_login(rep)
    assert reverse("admin:index") not in client.get(reverse("accounts:list")).content.decode()


def test_language_choice_is_ignored_when_unknown(client, rep):
    client.force_login(rep)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    rep.refresh_from_db()
    assert rep.language == "en"


def test_inactive_user_cannot_log_in(client, db):
    UserFactory(username="gone", is_active=False)
    response = client.post(reverse("login"), {"username": "gone", "password": "demo-password"})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_the_menu_bar_gathers_each_apps_pages_into_dropdowns(client, manager, rep):
    entries = {str(entry["label"]): entry for entry in navigation.items_for(manager)}
    assert [child["url_name"] for child in entries["Sales"]["children"]] == [
        "deals:order_list",
        "deals:opportunity_board",
        "deals:pipeline",
        "deals:product_list",
        "dashboard:targets",
    ]
    assert "Orders" not in entries  # inside its menu, not beside it
    client.force_login(manager)
    page = client.get(reverse("deals:order_list")).content.decode()
    assert 'class="nav-link dropdown-toggle active"' in page  # the menu holding the open page
    assert f'class="dropdown-item active" href="{reverse("deals:order_list")}"' in page


def test_a_menu_with_one_page_for_the_user_is_a_plain_link(credit_approver, rep, admin_user):
    entries = {str(entry["label"]): entry for entry in navigation.items_for(credit_approver)}
    assert "Visits" not in entries  # of the visits pages, a credit approver has only the complaints
    assert entries["Complaints"]["url_name"] == "visits:complaint_list"
    assert "Administration" not in {str(entry["label"]) for entry in navigation.items_for(rep)}
    admin_entries = {str(entry["label"]): entry for entry in navigation.items_for(admin_user)}
    # core-info log, users and teams, scoring configuration and runs, visit cadences, credit policy,
    # regions, custom fields, webhooks, Django admin
    assert len(admin_entries["Administration"]["children"]) == 10
    assert len(admin_entries) <= 8  # one line on a laptop
