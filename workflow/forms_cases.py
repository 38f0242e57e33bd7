"""The case list's filters (全部案件): status, kind, place, the step a case stands at, channel, green channel,
discovery dates, the county's approval and its dates, a household."""

from typing import Any

from django import forms

from config.forms import valid_filters
from households.region_filter import NO_REGION, setup_region_filter
from households.selectors_search import SEARCH_HELP, id_query_problem
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.selectors_cases import open_step_names
from workflow.services.approval_records import NUMBER_EXAMPLE

MSG_DATE_RANGE = "截止日期不能早于起始日期。"
MSG_PLACE_NOT_IN_SCOPE = "所选乡镇或村不存在或不在您的管辖范围内。"
ALL = [("", "全部")]
# The county's approval changes the household; 公告并标识 closes the case later (workflow.decisions).
DECIDED_CHOICES = [("yes", "已批复（含待公告并标识的）"), ("awaiting", "已批复、待公告并标识")]
# What the case search box matches (selectors.case_filter): the household list's search (SEARCH_HELP), and the cases a
# whole 批复文号 decided, in whichever bracket spelling (services.approval_records.decided_under_number).
CASE_NUMBER_HELP = f"已批复的案件还可按完整的批复文号（如 {NUMBER_EXAMPLE}）查找"
CASE_SEARCH_HELP = f"{SEARCH_HELP}。{CASE_NUMBER_HELP}"


class DateInput(forms.DateInput):
    input_type = "date"


class CaseFilterMixin(forms.Form):
    """The 乡镇/村 filter of a case worklist (全部案件, 我的任务), and what an invalid filter does: a place that is
    not the actor's, a date that does not exist or a choice not offered is said at its field, and the list then
    shows nothing (NO_REGION) — never every case under a filter the user believes is on (review township 9)."""

    def setup_place(self, actor: Any) -> None:
        self.actor = actor
        self.village_paths = setup_region_filter(self, actor)
        if "village" in self.fields:
            self.fields["village"].error_messages["invalid_choice"] = MSG_PLACE_NOT_IN_SCOPE

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A single village's cadre has no place field (setup_region_filter drops it); a link may still carry one.
        place = self.data.get("village") or ""
        if "village" not in self.fields and place and place not in self.village_paths:
            self.add_error(None, MSG_PLACE_NOT_IN_SCOPE)
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters (config.forms.valid_filters), the place as its region path; any error matches
        nothing."""
        data = valid_filters(self)
        if data.get("village"):
            data["village"] = self.village_paths.get(data["village"], NO_REGION)
        if self.is_bound and self.errors:
            data["village"] = NO_REGION
        return data

    @property
    def search_hint(self) -> str:
        """What an empty list says under a search: why an ID-like query cannot find anyone (too short, not a valid
        number, more than a masked role may search by), else what the box searches."""
        q = str(self.data.get("q") or "").strip() if self.is_bound else ""
        return (id_query_problem(self.actor, q) or SEARCH_HELP) if q else ""

    @property
    def search_number_hint(self) -> str:
        """What an empty list adds under a search the household words answer (not an ID-like query's problem): that
        a case is found by its whole 批复文号 too."""
        return CASE_NUMBER_HELP if self.search_hint == SEARCH_HELP else ""

    @property
    def filter_errors(self) -> list[str]:
        """Each invalid filter as "label：error", for the notice above the (empty) list."""
        if not self.is_bound or not self.errors:
            return []
        fields = [f"{self.fields[name].label}：{error}" for name in self.fields for error in self.errors.get(name, [])]
        return fields + [str(error) for error in self.non_field_errors()]


class CaseListFilterForm(CaseFilterMixin):
    status = forms.ChoiceField(label="状态", required=False, choices=[*ALL, *CaseStatus.choices])
    kind = forms.ChoiceField(label="案件类别", required=False, choices=[*ALL, *CaseKind.choices])
    village = forms.ChoiceField(label="村", required=False)
    open_step = forms.ChoiceField(label="当前环节", required=False)
    channel = forms.ChoiceField(label="发现渠道", required=False, choices=[*ALL, *Channel.choices])
    green_channel = forms.ChoiceField(label="绿色通道", required=False, choices=[*ALL, ("yes", "是"), ("no", "否")])
    discovered_from = forms.DateField(label="发现日期从", required=False, widget=DateInput)
    discovered_to = forms.DateField(label="发现日期至", required=False, widget=DateInput)
    decided = forms.ChoiceField(label="县级批复", required=False, choices=[*ALL, *DECIDED_CHOICES])
    decided_from = forms.DateField(label="批复日期从", required=False, widget=DateInput)
    decided_to = forms.DateField(label="批复日期至", required=False, widget=DateInput)
    q = forms.CharField(
        label="姓名、身份证号、户编号或批复文号",
        required=False,
        help_text=CASE_SEARCH_HELP,
        # Short enough for a phone's box (13 characters show at 390 px): the full words are under it (help_text).
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "姓名、号码或批复文号"}),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_place(actor)
        self.fields["open_step"].choices = [*ALL, *[(name, name) for name in open_step_names(actor)]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for first, last in (("discovered_from", "discovered_to"), ("decided_from", "decided_to")):
            start, end = data.get(first), data.get(last)
            if start and end and end < start:
                self.add_error(last, MSG_DATE_RANGE)
        return data

    def chosen_region_code(self) -> str:
        """The 乡镇/村 chosen, as its code, when it is a valid choice (for the announcement link)."""
        return self.cleaned_data.get("village", "") if self.is_bound and "village" not in self.errors else ""
