from django.urls import path

from . import exports, views

app_name = "intelligence"

urlpatterns = [
    path("accounts/<int:pk>/panel/", views.AccountPanelView.as_view(), name="account_panel"),
    path("whitespace/", views.WhitespaceMatrixView.as_view(), name="whitespace_matrix"),
    path("whitespace/export/", exports.WhitespaceExportView.as_view(), name="whitespace_export"),
]
