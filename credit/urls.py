from django.urls import path

from . import decided, views

app_name = "credit"

urlpatterns = [
    path("", views.ExposureListView.as_view(), name="overview"),
    path("approvals/", views.QueueView.as_view(), name="queue"),
    path("approvals/decided/", decided.DecidedListView.as_view(), name="decided"),
    path("held-orders/", views.HeldOrderListView.as_view(), name="holds"),
    path("held-orders/<int:pk>/decide/", views.HoldDecideView.as_view(), name="hold_decide"),
    path("liabilities/", views.LiabilityReportView.as_view(), name="liabilities"),
    path("accounts/<int:pk>/panel/", views.AccountPanelView.as_view(), name="account_panel"),
    path("accounts/<int:pk>/investigations/new/", views.InvestigationCreateView.as_view(), name="investigation_create"),
    path("accounts/<int:pk>/requests/new/", views.RequestCreateView.as_view(), name="request_create"),
    path("accounts/<int:pk>/limit/", views.LimitSetView.as_view(), name="limit_set"),
    path("accounts/<int:pk>/write-off/", views.WriteOffCreateView.as_view(), name="write_off_create"),
    path("investigations/<int:pk>/", views.InvestigationDetailView.as_view(), name="investigation_detail"),
    path("investigations/<int:pk>/edit/", views.InvestigationUpdateView.as_view(), name="investigation_edit"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/decide/", views.RequestDecideView.as_view(), name="request_decide"),
    path("requests/<int:pk>/resubmit/", views.RequestResubmitView.as_view(), name="request_resubmit"),
]
