from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.MyTasksView.as_view(), name="mine"),
    path("team/", views.TeamTasksView.as_view(), name="team"),
    path("accounts/<int:pk>/", views.AccountPanelView.as_view(), name="account_panel"),
    path("accounts/<int:account_pk>/new/", views.TaskFormView.as_view(), name="create"),
    path("<int:pk>/edit/", views.TaskFormView.as_view(), name="edit"),
    path("<int:pk>/done/", views.complete, name="complete"),
    path("from-visit/<int:pk>/", views.from_visit, name="from_visit"),
]
