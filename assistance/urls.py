"""Pages of the assistance app."""

from django.urls import path

from assistance import views, views_department, views_department_batch, views_employment, views_follow

app_name = "assistance"

urlpatterns = [
    path("", views.index, name="index"),
    path("households/<int:household_pk>/", views.plan_detail, name="plan"),
    path("households/<int:household_pk>/card/print/", views.help_card_print, name="help_card_print"),
    path("households/<int:household_pk>/plan/print/", views.plan_print, name="plan_print"),
    path("households/<int:household_pk>/plan/new/", views.plan_new, name="plan_new"),
    path("households/<int:household_pk>/contact/", views_follow.contact_assign, name="contact_assign"),
    path("households/<int:household_pk>/claims/new/", views_follow.claim_new, name="claim_new"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    path("plans/<int:pk>/return-visits/new/", views_follow.return_visit_new, name="return_visit_new"),
    path(
        "plans/<int:pk>/visits/<int:visit_pk>/count/",
        views_follow.return_visit_from_visit,
        name="return_visit_from_visit",
    ),
    path("measures/", views.measure_list, name="measures"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("return-visits/", views_follow.return_visits, name="return_visits"),
    path("contacts/", views_follow.contact_list, name="contacts"),
    path("contacts/<int:pk>/", views_follow.contact_detail, name="contact"),
    path("claims/", views_follow.claim_list, name="claims"),
    path("claims/<int:pk>/", views_follow.claim_detail, name="claim"),
    path("claims/<int:pk>/print/", views.claim_print, name="claim_print"),
    path("employment/", views_employment.employment_ledger, name="employment"),
    path("employment/members/<int:member_pk>/", views_employment.employment_edit, name="employment_edit"),
    path("department/", views_department.department, name="department"),
    path("department/<int:pk>/", views_department.department_measure, name="department_measure"),
    path("department/batch-done/", views_department_batch.department_batch_done, name="department_batch_done"),
    path("department/export/", views_department_batch.department_export, name="department_export"),
    path("publicity/<str:village_code>/print/", views.publicity_print, name="publicity_print"),
]
