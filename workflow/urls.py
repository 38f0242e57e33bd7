from django.urls import path

from workflow import views

app_name = "workflow"

urlpatterns = [
    path("", views.my_tasks, name="tasks"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/objections/new/", views.objection_new, name="objection_new"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("households/<int:household_pk>/cases/new/", views.case_new, name="case_new"),
    path("publicity/<str:village_code>/print/", views.publicity_print, name="publicity_print"),
    path("screening/<int:result_pk>/open/", views.case_from_screening, name="case_from_screening"),
]

# County batch approval (views_batches).
from workflow import views_batches  # noqa: E402

urlpatterns += [
    path("batches/", views_batches.batches, name="batches"),
    path("batches/history/", views_batches.batch_list, name="batch_list"),
    path("batches/<int:pk>/", views_batches.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/print/", views_batches.batch_print, name="batch_print"),
]

# Deadlines and the green channel (views_deadlines).
from workflow import views_deadlines  # noqa: E402

urlpatterns += [
    path("overdue/", views_deadlines.overdue, name="overdue"),
    path("green-channel/", views_deadlines.green_channel, name="green_channel"),
    path("households/<int:household_pk>/cases/green/", views_deadlines.case_new_green, name="case_new_green"),
]
