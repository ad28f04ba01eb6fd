from django.urls import path

from . import configuration, exports, views

app_name = "visits"

urlpatterns = [
    path("", views.PlanView.as_view(), name="plan"),
    path("plan/suggest/", views.PlanSuggestView.as_view(), name="plan_suggest"),
    path("plan/accounts/", views.PlanAccountOptionsView.as_view(), name="plan_account_options"),
    path("plan/add/", views.PlanAddView.as_view(), name="plan_add"),
    path("plan/<int:pk>/move/", views.PlanMoveView.as_view(), name="plan_move"),
    path("plan/<int:pk>/drop/", views.PlanDropView.as_view(), name="plan_drop"),
    path("plan/export/", exports.PlanExportView.as_view(), name="plan_export"),
    path("team/", views.TeamPlanView.as_view(), name="team_plan"),
    path("team/export/", exports.TeamPlanExportView.as_view(), name="team_plan_export"),
    path("due/", views.DueListView.as_view(), name="due"),
    path("due/export/", exports.DueExportView.as_view(), name="due_export"),
    path("accounts/<int:pk>/", views.AccountPanelView.as_view(), name="account_panel"),
    path("accounts/<int:pk>/log/", views.VisitLogView.as_view(), name="log"),
    path("visits/<int:pk>/locate/", views.AccountLocateView.as_view(), name="account_locate"),
    path("accounts/<int:pk>/complaint/", views.ComplaintCreateView.as_view(), name="complaint_create"),
    path("complaints/", views.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/export/", exports.ComplaintExportView.as_view(), name="complaint_export"),
    path("complaints/report/", views.ComplaintReportView.as_view(), name="complaint_report"),
    path("complaints/<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("complaints/<int:pk>/resolve/", views.ComplaintResolveView.as_view(), name="complaint_resolve"),
    path("settings/", configuration.VisitSettingsView.as_view(), name="settings"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
