from django.urls import path, re_path

from . import import_views, selectors, views

app_name = "accounts"

urlpatterns = [
    path("", views.AccountListView.as_view(), name="list"),
    path("new/", views.AccountCreateView.as_view(), name="create"),
    path("import/", import_views.ImportUploadView.as_view(), name="import"),
    path("import/<int:pk>/", import_views.ImportJobView.as_view(), name="import_job"),
    path("import/<int:pk>/progress/", import_views.ImportProgressView.as_view(), name="import_progress"),
    path("export/", views.AccountExportView.as_view(), name="export"),
    path("saved-filters/", views.SavedFilterCreateView.as_view(), name="saved_filter_create"),
    path("saved-filters/<int:pk>/delete/", views.SavedFilterDeleteView.as_view(), name="saved_filter_delete"),
    path("core-info-log/", views.CoreInfoAccessLogView.as_view(), name="core_info_log"),
    path("core-info-log/export/", views.CoreInfoAccessExportView.as_view(), name="core_info_log_export"),
    path("<int:pk>/", views.AccountDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AccountUpdateView.as_view(), name="edit"),
    re_path(
        r"^(?P<pk>[0-9]+)/edit/(?P<section>important|process)/$",
        views.AccountSectionUpdateView.as_view(),
        name="edit_section",
    ),
    re_path(
        rf"^(?P<pk>[0-9]+)/(?P<section>{'|'.join(selectors.ARCHIVE_PANELS)})/$",
        views.AccountArchivePanelView.as_view(),
        name="archive",
    ),
    path("<int:pk>/plan/", views.AccountPlanPanelView.as_view(), name="plan"),
    path("<int:pk>/plan/edit/", views.AccountPlanUpdateView.as_view(), name="plan_edit"),
    path("<int:pk>/history/", views.AccountHistoryPanelView.as_view(), name="history"),
    path("<int:pk>/financials/new/", views.FinancialYearFormView.as_view(), name="financial_year_create"),
    path("<int:pk>/financials/<int:item>/", views.FinancialYearFormView.as_view(), name="financial_year_edit"),
    path("<int:pk>/competitors/new/", views.CompetitorFormView.as_view(), name="competitor_create"),
    path("<int:pk>/competitors/<int:item>/", views.CompetitorFormView.as_view(), name="competitor_edit"),
    path("<int:pk>/negotiations/new/", views.NegotiationRecordCreateView.as_view(), name="negotiation_create"),
]
