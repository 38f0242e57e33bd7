from django.urls import path

from workflow import views, views_objections, views_publicity
from workflow import views_applications as application_views
from workflow import views_poster as poster_views

app_name = "workflow"

urlpatterns = [
    path("", views.my_tasks, name="tasks"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/withdraw/", views.case_withdraw, name="case_withdraw"),
    path("cases/<int:pk>/objections/new/", views_objections.objection_new, name="objection_new"),
    path("objections/<int:pk>/resolve/", views_objections.objection_resolve, name="objection_resolve"),
    path("households/<int:household_pk>/cases/new/", views.case_new, name="case_new"),
    path("publicity/<str:village_code>/print/", views_publicity.publicity_print, name="publicity_print"),
    path("screening/<int:result_pk>/open/", views.case_from_screening, name="case_from_screening"),
    path("applications/", application_views.application_list, name="applications"),
    path("applications/<int:pk>/", application_views.application_detail, name="application_detail"),
    path("applications/<int:pk>/start/", application_views.application_start, name="application_start"),
    path("applications/<int:pk>/transfer/", application_views.application_transfer, name="application_transfer"),
    path("applications/<int:pk>/decline/", application_views.application_decline, name="application_decline"),
    path("applications/<int:pk>/invalid/", application_views.application_invalidate, name="application_invalidate"),
    path(
        "applications/<int:pk>/acknowledge/", application_views.application_acknowledge, name="application_acknowledge"
    ),
    path("applications/<int:pk>/to-case/", application_views.application_to_case, name="application_to_case"),
    path("applications/<int:pk>/join-case/", application_views.application_join_case, name="application_join_case"),
    path("applications/file/", poster_views.application_file, name="application_file"),
    path("applications/poster/", poster_views.application_poster_pick, name="application_poster_pick"),
    path("applications/poster/<str:village_code>/", poster_views.application_poster, name="application_poster"),
    path(
        "applications/poster/<str:village_code>/rotate/",
        poster_views.application_link_rotate,
        name="application_link_rotate",
    ),
]

# Village review meetings and department comparison (views_meetings, views_comparisons); scoped file downloads.
from workflow import views_comparisons, views_files, views_meetings  # noqa: E402

urlpatterns += [
    path("meetings/", views_meetings.meeting_list, name="meetings"),
    path("meetings/<str:village_code>/new/", views_meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/print/", views_meetings.meeting_print, name="meeting_print"),
    path("meetings/<int:pk>/minutes/", views_files.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/minutes/upload/", views_meetings.meeting_minutes_upload, name="meeting_minutes_upload"),
    path("steps/<int:pk>/attachment/", views_files.case_step_attachment, name="step_attachment"),
    path("cases/<int:pk>/comparison/", views_comparisons.comparison_new, name="comparison_new"),
    path("comparisons/<int:pk>/", views_comparisons.comparison_detail, name="comparison_detail"),
]

# County batch approval (views_batches).
from workflow import views_batches  # noqa: E402

urlpatterns += [
    path("batches/", views_batches.batches, name="batches"),
    path("batches/submission/", views_batches.batch_submission, name="batch_submission"),
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

# The case list and the announcement of the approved list (views_cases); a returned case's correction.
from workflow import views_cases, views_correction  # noqa: E402

urlpatterns += [
    path("cases/", views_cases.case_list, name="cases"),
    path("cases/<int:pk>/correct/", views_correction.case_correct_view, name="case_correct"),
    path("announcement/<str:region_code>/print/", views_cases.announcement_print, name="announcement_print"),
]

# The township's batch audit and its printed summary list (views_township).
from workflow import views_township  # noqa: E402

urlpatterns += [
    path("township-audit/", views_township.township_batch, name="township_batch"),
    path("township-audit/summary/", views_township.township_summary, name="township_summary"),
]

# The township's batch announcement of the county's approved list (views_batch_announce).
from workflow import views_batch_announce  # noqa: E402

urlpatterns += [
    path("announcement/batch/", views_batch_announce.batch_announce_page, name="batch_announce"),
]

# An open exit's reason for no measure in place, added after its opening (views_exit_reason).
from workflow import views_exit_reason  # noqa: E402

urlpatterns += [
    path("cases/<int:pk>/no-measure-reason/", views_exit_reason.case_no_measure_reason, name="case_no_measure_reason"),
    path(
        "cases/<int:pk>/no-measure-reason/change/",
        views_exit_reason.case_no_measure_reason_change,
        name="case_no_measure_reason_change",
    ),
]
