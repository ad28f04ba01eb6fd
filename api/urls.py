"""The REST API at /api/v1/, its OpenAPI schema and its browsable docs."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .views import accounts, activity, credit, deals, users

app_name = "api"

router = SimpleRouter()
router.register("accounts", accounts.AccountViewSet, basename="account")
router.register("contacts", accounts.ContactViewSet, basename="contact")
router.register("products", deals.ProductViewSet, basename="product")
router.register("orders", deals.OrderViewSet, basename="order")
router.register("payments", deals.PaymentViewSet, basename="payment")
router.register("opportunities", deals.OpportunityViewSet, basename="opportunity")
router.register("credit-investigations", credit.CreditInvestigationViewSet, basename="credit-investigation")
router.register("credit-requests", credit.CreditRequestViewSet, basename="credit-request")
router.register("credit-limits", credit.CreditLimitViewSet, basename="credit-limit")
router.register("credit-positions", credit.CreditPositionViewSet, basename="credit-position")
router.register("visits", activity.VisitViewSet, basename="visit")
router.register("plan-items", activity.PlanItemViewSet, basename="plan-item")
router.register("complaints", activity.ComplaintViewSet, basename="complaint")
router.register("tiers", activity.TierViewSet, basename="tier")
router.register("scoring-runs", activity.ScoringRunViewSet, basename="scoring-run")
router.register("notifications", users.NotificationViewSet, basename="notification")

# DRF's views answer LoginRequiredMiddleware themselves (login_required = False): each request
# is authenticated by a token or the session, and gets a 401 without either, not the login page.
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
