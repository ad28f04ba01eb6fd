from django.urls import path

from . import views

app_name = "integrations"

urlpatterns = [
    path("channels/", views.channel_list, name="channels"),
    path("channels/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/delete/", views.channel_delete, name="channel_delete"),
    path("channels/<int:pk>/test/", views.channel_test, name="channel_test"),
    path("webhooks/", views.WebhookListView.as_view(), name="webhooks"),
    path("webhooks/<int:pk>/", views.WebhookEditView.as_view(), name="webhook_edit"),
    path("webhooks/<int:pk>/delete/", views.WebhookDeleteView.as_view(), name="webhook_delete"),
    path("webhooks/<int:pk>/test/", views.WebhookTestView.as_view(), name="webhook_test"),
]
