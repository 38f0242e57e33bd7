"""导出本列表 of the household list (/households/): the page's filters in the query string, the file at once."""

from django.http import FileResponse, HttpRequest, HttpResponse

from accounts.permissions import capability_required
from accounts.roles import Capability
from households.forms import HouseholdFilterForm
from reports.services.registry_export import registry_list_export


@capability_required(Capability.REGISTRY_VIEW)
@capability_required(Capability.LEDGERS_DOWNLOAD)
def registry_export(request: HttpRequest) -> HttpResponse:
    form = HouseholdFilterForm(request.GET or None, actor=request.user)
    export = registry_list_export(actor=request.user, form=form)
    return FileResponse(export.file, as_attachment=True, filename=export.filename)
