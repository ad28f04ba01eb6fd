from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("accounts/<int:pk>/", views.AccountPanelView.as_view(), name="account_panel"),
    path("accounts/<int:pk>/pdf/", views.PlanPdfView.as_view(), name="pdf"),
    path("accounts/<int:pk>/reviewed/", views.MarkReviewedView.as_view(), name="mark_reviewed"),
    path("accounts/<int:account_pk>/objectives/new/", views.ObjectiveFormView.as_view(), name="objective_create"),
    path("objectives/<int:pk>/", views.ObjectiveFormView.as_view(), name="objective_edit"),
    path("accounts/<int:account_pk>/actions/new/", views.ActionFormView.as_view(), name="action_create"),
    path("actions/<int:pk>/", views.ActionFormView.as_view(), name="action_edit"),
    path("actions/<int:pk>/done/", views.ActionCompleteView.as_view(), name="action_complete"),
]
