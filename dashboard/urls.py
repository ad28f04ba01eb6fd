from django.urls import path

from . import exports, views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("movers/", views.MoversView.as_view(), name="movers"),
    path("movers/export/", exports.MoversExportView.as_view(), name="movers_export"),
    path("at-risk/", views.AtRiskView.as_view(), name="at_risk"),
    path("at-risk/export/", exports.AtRiskExportView.as_view(), name="at_risk_export"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("targets/block/", views.TargetsBlockView.as_view(), name="targets_block"),
    path("my-day/", views.HomeView.as_view(), name="home"),
    path("my-day/targets/", views.MyTargetsBlockView.as_view(), name="my_targets_block"),
]
