from django.urls import path

from . import views

app_name = "customfields"

urlpatterns = [
    path("", views.DefinitionListView.as_view(), name="list"),
    path("new/", views.DefinitionFormView.as_view(), name="create"),
    path("<int:pk>/", views.DefinitionFormView.as_view(), name="update"),
]
