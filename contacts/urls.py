from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("coverage/", views.CoverageListView.as_view(), name="coverage"),
    path("export/", views.ContactExportView.as_view(), name="export"),
    path("import/", views.ContactImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ContactImportJobView.as_view(), name="import_job"),
    path("import/<int:pk>/progress/", views.ContactImportProgressView.as_view(), name="import_progress"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("account/<int:pk>/committee/", views.CommitteePanelView.as_view(), name="committee"),
    path("account/<int:pk>/influence/", views.InfluenceLinkAddView.as_view(), name="influence_add"),
    path("influence/<int:pk>/remove/", views.InfluenceLinkRemoveView.as_view(), name="influence_remove"),
    path("account/<int:pk>/new/", views.ContactCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ContactDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ContactUpdateView.as_view(), name="edit"),
    path("<int:pk>/left/", views.contact_mark_left, name="mark_left"),
]
