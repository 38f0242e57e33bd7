"""The filters of the security admin's account list (accounts.approval_search): a search, a state, a role."""

from typing import Any

from django import forms

from accounts.approval_search import ROLE_CHOICES, SEARCH_LIMIT, STATUS_CHOICES, STATUS_OPEN
from config.forms import valid_filters


class ApprovalFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=SEARCH_LIMIT,
        widget=forms.TextInput(attrs={"placeholder": "用户名、姓名或区划", "type": "search"}),
    )
    status = forms.ChoiceField(label="审核状态", required=False, choices=STATUS_CHOICES)
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), *ROLE_CHOICES])

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is left out, said beside its field), with the default state."""
        kept = valid_filters(self)
        return {"q": kept.get("q") or "", "status": kept.get("status") or STATUS_OPEN, "role": kept.get("role") or ""}
