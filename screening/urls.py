from django.urls import path

from screening import views

app_name = "screening"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("results/<int:pk>/propose/", views.result_act, {"action": "propose"}, name="result_propose"),
    path("results/<int:pk>/dismiss/", views.result_act, {"action": "dismiss"}, name="result_dismiss"),
    path("results/<int:pk>/undismiss/", views.result_act, {"action": "undismiss"}, name="result_undismiss"),
    path("results/<int:pk>/override/", views.result_act, {"action": "override"}, name="result_override"),
    path("households/<int:pk>/exclusions/new/", views.exclusion_add, name="exclusion_add"),
    path("exclusions/<int:pk>/withdraw/", views.exclusion_withdraw, name="exclusion_withdraw"),
    path("households/<int:pk>/flags/new/", views.flag_add, name="flag_add"),
    path("lines/", views.line_index, name="lines"),
    path("lines/new/", views.line_edit, name="line_new"),
    path("lines/<int:pk>/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/warnings/new/", views.warning_add, name="warning_add"),
    path("rules/", views.rule_index, name="rules"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("runs/", views.run_index, name="runs"),
    path("runs/start/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
]
