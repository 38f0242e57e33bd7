from django.urls import path

from accounts import api, api_approvals, api_lockouts, api_sessions

urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
    path("auth/token/", api.TokenView.as_view(), name="token"),
    path("audit-events/", api.AuditEventListView.as_view(), name="audit-events"),
    path("account-approvals/", api_approvals.ApprovalListView.as_view(), name="account-approvals"),
    path(
        "account-approvals/<int:pk>/approve/",
        api_approvals.ApprovalDecisionView.as_view(),
        name="account-approval-approve",
    ),
    path(
        "account-approvals/<int:pk>/refuse/",
        api_approvals.ApprovalRefuseView.as_view(),
        name="account-approval-refuse",
    ),
    path("locked-accounts/", api_lockouts.LockedAccountListView.as_view(), name="locked-accounts"),
    path("locked-accounts/<int:pk>/unlock/", api_lockouts.AccountUnlockView.as_view(), name="locked-account-unlock"),
    path("sessions/", api_sessions.SessionListView.as_view(), name="sessions"),
    path("sessions/<int:pk>/end/", api_sessions.SessionForceEndView.as_view(), name="session-force-end"),
    path(
        "sessions/force-end-account/",
        api_sessions.SessionsForceEndAccountView.as_view(),
        name="sessions-force-end-account",
    ),
    path("me/sessions/", api_sessions.OwnSessionListView.as_view(), name="own-sessions"),
    path("me/sessions/<int:pk>/end/", api_sessions.OwnSessionEndView.as_view(), name="own-session-end"),
    path("me/sessions/end-others/", api_sessions.OwnSessionsEndOthersView.as_view(), name="own-sessions-end-others"),
]
