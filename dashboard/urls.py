from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("movers/", views.MoversView.as_view(), name="movers"),
    path("at-risk/", views.AtRiskView.as_view(), name="at_risk"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("my-day/", views.HomeView.as_view(), name="home"),
]
