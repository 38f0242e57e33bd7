"""Printable registry sheets beside the consent form (households/views.py:consent_print): the 监测对象基础信息采集表
filled in for each newly identified household (seed 003 三(二): "针对排查中发现符合监测标准的农户，同时认真填写监测
对象基础信息釆集表") and kept in its file (003 二(7)③: 台账资料是否规范齐全)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import capability_required
from accounts.roles import Capability
from households import selectors
from households.services import files


@capability_required(Capability.REGISTRY_VIEW)
def form_sheet_print(request: HttpRequest, pk: int) -> HttpResponse:
    # ID numbers and phones are masked in the template by the same tags as the detail page (households.privacy).
    sheet = selectors.household_form_sheet(actor=request.user, pk=pk)
    files.form_sheet_print_record(actor=request.user, household=sheet.household)
    return render(request, "households/form_sheet_print.html", {"sheet": sheet, "household": sheet.household})
