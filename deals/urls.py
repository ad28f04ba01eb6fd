from django.urls import path

from .views import imports, opportunities, orders, products

app_name = "deals"

urlpatterns = [
    path("orders/", orders.OrderListView.as_view(), name="order_list"),
    path("orders/export/", orders.OrderExportView.as_view(), name="order_export"),
    path("orders/<int:pk>/", orders.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/payments/", orders.PaymentCreateView.as_view(), name="payment_create"),
    path("orders/<int:pk>/cancel/", orders.OrderCancelView.as_view(), name="order_cancel"),
    path("orders/<int:pk>/mark-paid/", orders.OrderMarkPaidView.as_view(), name="order_mark_paid"),
    path("accounts/<int:account_pk>/orders/new/", orders.OrderCreateView.as_view(), name="order_create"),
    path("accounts/<int:pk>/panel/", orders.AccountPanelView.as_view(), name="account_panel"),
    path("opportunities/", opportunities.OpportunityListView.as_view(), name="opportunity_list"),
    path("opportunities/export/", opportunities.OpportunityExportView.as_view(), name="opportunity_export"),
    path("opportunities/board/", opportunities.OpportunityBoardView.as_view(), name="opportunity_board"),
    path("opportunities/pipeline/", opportunities.PipelineView.as_view(), name="pipeline"),
    path("opportunities/<int:pk>/edit/", opportunities.OpportunityUpdateView.as_view(), name="opportunity_edit"),
    path(
        "opportunities/<int:pk>/contacts/",
        opportunities.OpportunityContactAddView.as_view(),
        name="opportunity_contact_add",
    ),
    path(
        "opportunities/contacts/<int:pk>/remove/",
        opportunities.OpportunityContactRemoveView.as_view(),
        name="opportunity_contact_remove",
    ),
    path("opportunities/<int:pk>/move/", opportunities.OpportunityMoveView.as_view(), name="opportunity_move"),
    path(
        "accounts/<int:account_pk>/opportunities/new/",
        opportunities.OpportunityCreateView.as_view(),
        name="opportunity_create",
    ),
    path("products/", products.ProductListView.as_view(), name="product_list"),
    path("products/export/", products.ProductExportView.as_view(), name="product_export"),
    path("products/options/", products.ProductOptionsView.as_view(), name="product_options"),
    path("imports/", imports.ImportUploadView.as_view(), name="import_upload"),
    path("imports/<int:pk>/", imports.ImportJobView.as_view(), name="import_job"),
    path("imports/<int:pk>/progress/", imports.ImportProgressView.as_view(), name="import_progress"),
]
