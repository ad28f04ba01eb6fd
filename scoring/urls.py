from django.urls import path

from . import exports, views

app_name = "scoring"

urlpatterns = [
    path("configuration/", views.ConfigView.as_view(), name="config"),
    path("runs/", views.RunListView.as_view(), name="runs"),
    path("runs/export/", exports.RunExportView.as_view(), name="runs_export"),
    path("runs/start/", views.run_request, name="run_request"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path("runs/<int:pk>/progress/", views.RunProgressView.as_view(), name="run_progress"),
    path("accounts/<int:pk>/panel/", views.AccountPanelView.as_view(), name="account_panel"),
    path("accounts/<int:pk>/ratings/", views.AccountRatingView.as_view(), name="rate"),
]
