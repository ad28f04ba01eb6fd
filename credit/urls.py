from django.urls import path

from .views import account, bad_debt, decided, exports, held_orders, investigations, limits, overview, policy, requests

app_name = "credit"

urlpatterns = [
    path("", overview.ExposureListView.as_view(), name="overview"),
    path("export/", exports.ExposureExportView.as_view(), name="overview_export"),
    path("approvals/", overview.QueueView.as_view(), name="queue"),
    path("approvals/export/", exports.QueueExportView.as_view(), name="queue_export"),
    path("approvals/decided/", decided.DecidedListView.as_view(), name="decided"),
    path("approvals/decided/export/", exports.DecidedExportView.as_view(), name="decided_export"),
    path("held-orders/", held_orders.HeldOrderListView.as_view(), name="holds"),
    path("held-orders/export/", exports.HeldOrderExportView.as_view(), name="holds_export"),
    path("held-orders/<int:pk>/decide/", held_orders.HoldDecideView.as_view(), name="hold_decide"),
    path("policy/", policy.PolicyView.as_view(), name="policy"),
    path("liabilities/", bad_debt.LiabilityReportView.as_view(), name="liabilities"),
    path("accounts/<int:pk>/panel/", account.AccountPanelView.as_view(), name="account_panel"),
    path(
        "accounts/<int:pk>/investigations/new/",
        investigations.InvestigationCreateView.as_view(),
        name="investigation_create",
    ),
    path("accounts/<int:pk>/requests/new/", requests.RequestCreateView.as_view(), name="request_create"),
    path("accounts/<int:pk>/limit/", limits.LimitSetView.as_view(), name="limit_set"),
    path("accounts/<int:pk>/write-off/", bad_debt.WriteOffCreateView.as_view(), name="write_off_create"),
    path("investigations/<int:pk>/", investigations.InvestigationDetailView.as_view(), name="investigation_detail"),
    path("investigations/<int:pk>/edit/", investigations.InvestigationUpdateView.as_view(), name="investigation_edit"),
    path("requests/<int:pk>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/decide/", requests.RequestDecideView.as_view(), name="request_decide"),
    path("requests/<int:pk>/resubmit/", requests.RequestResubmitView.as_view(), name="request_resubmit"),
]
