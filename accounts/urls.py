from django.contrib.auth.decorators import login_not_required
from django.urls import path

from accounts import views, views_approvals, views_profile, views_session, views_sessions

app_name = "accounts"

urlpatterns = [
    path("login/", login_not_required(views.LoginView.as_view()), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/", views_profile.profile, name="profile"),
    path("session/ping/", views_session.session_ping, name="session_ping"),
    path("sessions/", views_sessions.sessions_mine, name="sessions_mine"),
    path("sessions/<int:session_id>/end/", views_sessions.session_end_own, name="session_end_own"),
    path("sessions/end-others/", views_sessions.sessions_end_others_view, name="sessions_end_others"),
]
urlpatterns += [
    path("audit/", views.audit_log, name="audit_log"),
    path("security/", views.security_policy, name="security_policy"),
    path("security/unlock/<int:user_id>/", views.account_unlock_view, name="account_unlock"),
    path("security/approvals/", views_approvals.account_approvals, name="account_approvals"),
    path("security/sessions/", views_sessions.sessions_admin, name="sessions_admin"),
    path("security/sessions/<int:session_id>/end/", views_sessions.session_force_end, name="session_force_end"),
    path(
        "security/sessions/account/<int:user_id>/end-all/",
        views_sessions.sessions_force_end_account_view,
        name="sessions_force_end_account",
    ),
]
