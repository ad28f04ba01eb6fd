from django.urls import path

from . import views

app_name = "deals"

urlpatterns = [
    path("orders/", views.OrderListView.as_view(), name="order_list"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/payments/", views.PaymentCreateView.as_view(), name="payment_create"),
    path("orders/<int:pk>/mark-paid/", views.OrderMarkPaidView.as_view(), name="order_mark_paid"),
    path("accounts/<int:account_pk>/orders/new/", views.OrderCreateView.as_view(), name="order_create"),
    path("accounts/<int:pk>/panel/", views.AccountPanelView.as_view(), name="account_panel"),
]
