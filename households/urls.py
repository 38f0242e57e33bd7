from django.urls import path

from households import views, views_consent, views_members, views_print, views_visits

app_name = "households"

urlpatterns = [
    path("", views.household_index, name="list"),
    path("new/", views.household_create, name="create"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/edit/", views.household_edit, name="edit"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("<int:pk>/split/", views_members.household_split, name="split"),
    path("<int:pk>/change-head/", views_members.household_head_change, name="head_change"),
    path("<int:pk>/income/", views.income_add, name="income_add"),
    path("<int:pk>/visits/new/", views_visits.visit_add, name="visit_add"),
    path("<int:pk>/consent/new/", views_consent.consent_add, name="consent_add"),
    path("<int:pk>/consent/print/", views_consent.consent_print, name="consent_print"),
    path("<int:pk>/form/print/", views_print.form_sheet_print, name="form_sheet_print"),
    path("visits/<int:pk>/photo/", views_visits.visit_photo, name="visit_photo"),
    path("consents/<int:pk>/scan/", views_consent.consent_scan, name="consent_scan"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/status/", views_members.member_status, name="member_status"),
    path("members/<int:pk>/restore/", views_members.member_restore_view, name="member_restore"),
    path("members/<int:pk>/reveal/", views.member_reveal, name="member_reveal"),
    path("members/<int:pk>/transfer/", views_members.member_transfer, name="member_transfer"),
]

# 农户注销 (households.services.closing).
from households import views_close  # noqa: E402

urlpatterns += [
    path("<int:pk>/close/", views_close.household_close_view, name="close"),
    path("<int:pk>/reopen/", views_close.household_reopen_view, name="reopen"),
]

# 合户 (households.services.merge).
from households import views_merge  # noqa: E402

urlpatterns += [path("<int:pk>/merge/", views_merge.household_merge_view, name="merge")]

# 整户迁移 (households.services.relocation).
from households import views_relocate  # noqa: E402

urlpatterns += [
    path("<int:pk>/relocate/", views_relocate.household_relocate_view, name="relocate"),
]

# Go-live import of the county's existing registry (县乡村振兴局 only): households/import_views.py.
from households import import_views  # noqa: E402

urlpatterns += [
    path("import/", import_views.import_index, name="import_index"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("import/<int:pk>/retry/", import_views.import_retry, name="import_retry"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/errors/", import_views.import_errors, name="import_errors"),
]

# 数据逻辑校验 (households/data_checks.py).
from households import views_checks  # noqa: E402

urlpatterns += [
    path("checks/", views_checks.check_index, name="checks"),
    path("checks/<slug:code>/", views_checks.check_detail, name="check_detail"),
    path("checks/<slug:code>/<int:pk>/review/", views_checks.check_review, name="check_review"),
    path("members/<int:pk>/safety-net-end/", views_checks.safety_net_end, name="safety_net_end"),
]

# 更正 and 作废 of a visit (households.services.visit_fix).
from households import views_visit_fix  # noqa: E402

urlpatterns += [
    path("visits/<int:pk>/correct/", views_visit_fix.visit_correct_view, name="visit_correct"),
    path("visits/<int:pk>/void/", views_visit_fix.visit_void_view, name="visit_void"),
]

# 分配网格 (households.services.grid_assign).
from households import views_grid_assign  # noqa: E402

urlpatterns += [path("grids/assign/", views_grid_assign.grid_assign, name="grid_assign")]
