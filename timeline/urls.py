from django.urls import path

from . import views

app_name = "timeline"

urlpatterns = [
    path("accounts/<int:pk>/", views.account_panel, name="account_panel"),
    path("accounts/<int:pk>/notes/", views.note_add, name="note_add"),
]
