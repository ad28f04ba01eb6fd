from django.contrib.auth import views as auth_views
from django.urls import path

from . import exports, oidc, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("sso/oidc/login/", oidc.oidc_login, name="oidc_authentication_init"),
    path("sso/oidc/callback/", oidc.oidc_callback, name="oidc_authentication_callback"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("language/", views.set_language, name="set_language"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/export/", exports.NotificationExportView.as_view(), name="notifications_export"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("people/", views.PeopleView.as_view(), name="people"),
    path("people/invite/", views.UserInviteView.as_view(), name="person_invite"),
    path("people/<int:pk>/", views.UserChangeView.as_view(), name="person_edit"),
    path("people/teams/new/", views.TeamView.as_view(), name="team_create"),
    path("people/teams/<int:pk>/", views.TeamView.as_view(), name="team_edit"),
    # The invitation's link: a new person sets their password (Django's password reset token).
    path("password/set/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_set"),
    path("password/set/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("regions/", views.RegionsView.as_view(), name="regions"),
    path("regions/<int:pk>/", views.RegionsView.as_view(), name="region_edit"),
    path("regions/options/", views.region_options, name="region_options"),
    path("notifications/badge/", views.notifications_badge, name="notifications_badge"),
]
