from django.urls import path

from . import views

app_name = "intelligence"

urlpatterns = [
    path("accounts/<int:pk>/panel/", views.AccountPanelView.as_view(), name="account_panel"),
    path("whitespace/", views.WhitespaceMatrixView.as_view(), name="whitespace_matrix"),
]
