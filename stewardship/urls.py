from django.urls import path

from . import views

app_name = "stewardship"

urlpatterns = [
    path("hand-over/", views.HandOverListView.as_view(), name="handovers"),
    path("hand-over/<int:pk>/", views.HandOverView.as_view(), name="handover"),
    path("merge/", views.MergeView.as_view(), name="merge"),
]
