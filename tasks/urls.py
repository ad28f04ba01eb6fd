from django.urls import path

from . import exports, views

app_name = "tasks"

urlpatterns = [
    path("", views.MyTasksView.as_view(), name="mine"),
    path("export/", exports.MyTasksExportView.as_view(), name="mine_export"),
    path("team/", views.TeamTasksView.as_view(), name="team"),
    path("team/export/", exports.TeamTasksExportView.as_view(), name="team_export"),
    path("accounts/<int:pk>/", views.AccountPanelView.as_view(), name="account_panel"),
    path("accounts/<int:account_pk>/new/", views.TaskFormView.as_view(), name="create"),
    path("<int:pk>/edit/", views.TaskFormView.as_view(), name="edit"),
    path("<int:pk>/done/", views.complete, name="complete"),
    path("from-visit/<int:pk>/", views.from_visit, name="from_visit"),
]
