from django.urls import path

from screening import views_campaign_ledgers as ledgers
from screening import views_campaigns as views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_index, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/close/", views.campaign_close, name="close"),
    path("<int:pk>/delete/", views.campaign_delete, name="delete"),
    path("<int:pk>/assign/", views.assignment_add, name="assign"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="unassign"),
    path("<int:pk>/households/", views.household_picker, name="households"),
    path("<int:pk>/households/<int:household_pk>/form/", views.form_fill, name="form_fill"),
    path("forms/<int:pk>/", views.form_detail, name="form_detail"),
    path("forms/<int:pk>/edit/", views.form_edit, name="form_edit"),
    path("<int:pk>/forms/export/", ledgers.form_export, name="forms_export"),
    path("<int:pk>/problems/", ledgers.household_problem_index, name="problems"),
    path("<int:pk>/problems/export/", ledgers.household_problem_export, name="problems_export"),
    path("<int:pk>/problems/new/", ledgers.household_problem_create, name="problem_create"),
    path("<int:pk>/area-problems/", ledgers.area_problem_index, name="area_problems"),
    path("<int:pk>/area-problems/export/", ledgers.area_problem_export, name="area_problems_export"),
    path("<int:pk>/area-problems/new/", ledgers.area_problem_create, name="area_problem_create"),
    path("<int:pk>/summary/", ledgers.summary, name="summary"),
    path("<int:pk>/summary/export/", ledgers.summary_export, name="summary_export"),
    path("problems/<int:pk>/", ledgers.problem_detail, {"kind": "household"}, name="problem_detail"),
    path("problems/<int:pk>/evidence/", ledgers.problem_evidence, {"kind": "household"}, name="problem_evidence"),
    path("area-problems/<int:pk>/evidence/", ledgers.problem_evidence, {"kind": "area"}, name="area_problem_evidence"),
    path("problems/<int:pk>/<slug:action>/", ledgers.problem_action, {"kind": "household"}, name="problem_action"),
    path("area-problems/<int:pk>/", ledgers.problem_detail, {"kind": "area"}, name="area_problem_detail"),
    path("area-problems/<int:pk>/<slug:action>/", ledgers.problem_action, {"kind": "area"}, name="area_problem_action"),
]
