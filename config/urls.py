from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from users import views as user_views

urlpatterns = [
    path("", user_views.home, name="home"),
    path("", include("users.urls")),
    path("accounts/", include("accounts.urls")),
    path("contacts/", include("contacts.urls")),
    path("deals/", include("deals.urls")),
    path("scoring/", include("scoring.urls")),
    path("credit/", include("credit.urls")),
    path("visits/", include("visits.urls")),
    path("intelligence/", include("intelligence.urls")),
    path("attachments/", include("attachments.urls")),
    path("tasks/", include("tasks.urls")),
    path("plans/", include("plans.urls")),
    path("timeline/", include("timeline.urls")),
    path("stewardship/", include("stewardship.urls")),
    path("custom-fields/", include("customfields.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("exports/", include("imports.urls")),
    path("integrations/", include("integrations.urls")),
    path("api/", include("api.urls")),
    path("tokens/", include("api.token_urls")),
    path("admin/", admin.site.urls),
    path("", include("ops.urls")),
]

if settings.DEBUG:
    # Error pages are otherwise only seen in production; this lets a developer look at them.
    from django.views.defaults import page_not_found, server_error

    urlpatterns += [
        path("__errors__/404/", page_not_found, {"exception": Exception()}),
        path("__errors__/500/", server_error),
    ]
