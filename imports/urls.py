from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("<int:pk>/", views.ExportJobView.as_view(), name="export_job"),
    path("<int:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
]
