"""导出本列表 of the household list (/households/): the button's form posts the page's filters in its query string;
the export is queued, and the reports page shows its progress and the download (reports.services.registry_export)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.errors import ApplicationError
from households.forms import HouseholdFilterForm
from reports.services.registry_export import registry_export_queue
from reports.views.ledgers import queued_message

MSG_NOT_QUEUED = "未生成导出文件：{reason}"


@capability_required(Capability.REGISTRY_VIEW)
@capability_required(Capability.LEDGERS_DOWNLOAD)
@require_POST
def registry_export(request: HttpRequest) -> HttpResponse:
    form = HouseholdFilterForm(request.GET or None, actor=request.user)
    try:
        export = registry_export_queue(actor=request.user, form=form)
    except ApplicationError as error:
        messages.error(request, MSG_NOT_QUEUED.format(reason=error.message))
        return redirect(f"{reverse('households:list')}?{request.GET.urlencode()}")
    messages.success(request, queued_message(export))
    return redirect(f"{reverse('reports:index')}#exports")
