"""Bare views for the page benchmark: the same rows as a real page, fetched with one query
and rendered with a minimal template — the floor a page is measured against. ``bench/pages.py``
serves them beside the real pages (``ROOT_URLCONF="bench.bare"``)."""

from django.urls import include, path

from . import accounts, credit, dashboard, deals, visits

urlpatterns = [
    path("__bench__/credit/", credit.credit_overview, name="bare-credit-overview"),
    path("__bench__/credit/approvals/", credit.credit_queue, name="bare-credit-queue"),
    path("__bench__/credit/accounts/<int:pk>/panel/", credit.credit_panel, name="bare-credit-panel"),
    path("__bench__/dashboard/", dashboard.dashboard, name="bare-dashboard"),
    path("__bench__/dashboard/at-risk/", dashboard.at_risk, name="bare-at-risk"),
    path("__bench__/accounts/", accounts.account_list, name="bare-account-list"),
    path("__bench__/accounts/<int:pk>/", accounts.account_detail, name="bare-account-detail"),
    path("__bench__/orders/", deals.order_list, name="bare-order-list"),
    path("__bench__/orders/<int:pk>/", deals.order_detail, name="bare-order-detail"),
    path("__bench__/accounts/<int:pk>/orders/", deals.account_orders, name="bare-account-orders"),
    path("__bench__/opportunities/board/", deals.opportunity_board, name="bare-opportunity-board"),
    path("__bench__/opportunities/", deals.opportunity_list, name="bare-opportunity-list"),
    path("__bench__/opportunities/pipeline/", deals.pipeline, name="bare-pipeline"),
    path("__bench__/visits/", visits.visit_plan, name="bare-visit-plan"),
    path("__bench__/visits/team/", visits.team_plan, name="bare-team-plan"),
    path("__bench__/visits/due/", visits.visits_due, name="bare-visits-due"),
    path("", include("config.urls")),
]
