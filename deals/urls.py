from django.urls import path

from . import views

app_name = "deals"

urlpatterns = [
    path("orders/", views.OrderListView.as_view(), name="order_list"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/payments/", views.PaymentCreateView.as_view(), name="payment_create"),
    path("orders/<int:pk>/cancel/", views.OrderCancelView.as_view(), name="order_cancel"),
    path("orders/<int:pk>/mark-paid/", views.OrderMarkPaidView.as_view(), name="order_mark_paid"),
    path("accounts/<int:account_pk>/orders/new/", views.OrderCreateView.as_view(), name="order_create"),
    path("accounts/<int:pk>/panel/", views.AccountPanelView.as_view(), name="account_panel"),
    path("opportunities/", views.OpportunityListView.as_view(), name="opportunity_list"),
    path("opportunities/board/", views.OpportunityBoardView.as_view(), name="opportunity_board"),
    path("opportunities/pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("opportunities/<int:pk>/edit/", views.OpportunityUpdateView.as_view(), name="opportunity_edit"),
    path("opportunities/<int:pk>/contacts/", views.OpportunityContactAddView.as_view(), name="opportunity_contact_add"),
    path(
        "opportunities/contacts/<int:pk>/remove/",
        views.OpportunityContactRemoveView.as_view(),
        name="opportunity_contact_remove",
    ),
    path("opportunities/<int:pk>/move/", views.OpportunityMoveView.as_view(), name="opportunity_move"),
    path(
        "accounts/<int:account_pk>/opportunities/new/",
        views.OpportunityCreateView.as_view(),
        name="opportunity_create",
    ),
    path("products/", views.ProductListView.as_view(), name="product_list"),
    path("products/options/", views.ProductOptionsView.as_view(), name="product_options"),
    path("imports/", views.ImportUploadView.as_view(), name="import_upload"),
    path("imports/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("imports/<int:pk>/progress/", views.ImportProgressView.as_view(), name="import_progress"),
]
