from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("accounts/<int:pk>/", views.AccountPanelView.as_view(), name="account_panel"),
    path("<slug:target>/<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/", views.download, name="download"),
    path("<int:pk>/inline/", views.inline, name="inline"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
