"""“同时作为帮扶回访” on the household's visit form (households.visit_extras).

Work teams visit their households every month (001 §一) and the plan still showed 回访逾期, because only a visit
made on the plan's page moved its due date. 000 §三(三)7 asks for regular return visits that follow the effect of the
help (建立定期回访制度，跟踪帮扶效果落实), not for a second trip: a 走访 that assesses the help is the return visit.
So the visit form of a household whose plan is followed offers to count the visit as the return visit, with the
effect assessment; the box is ticked for the household's help contact, whose visits these are, and left for others
to tick. The visit is then recorded by assistance.services.visits, the one rule that moves the due date."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from accounts.permissions import user_can
from accounts.roles import Capability
from assistance.choices import Effect
from assistance.following import household_assisted
from assistance.models import Plan
from assistance.selectors import plan_for_household
from assistance.services.visits import MSG_BAD_EFFECT, no_measure_refusal, visit_as_return_visit_record
from config.forms import NamedFieldMessagesMixin
from households import visit_extras
from households.models import Household
from households.services.visits import VisitInput

MSG_RECORDED = "已同时记为帮扶回访，下次回访 {due:%Y-%m-%d}。"
# Why a visit cannot count as the return visit: the page does not offer it then, the API (asked for it) says so.
MSG_MAY_NOT = "您的角色不能记录帮扶回访，本次走访不能同时作为帮扶回访。"
MSG_NO_PLAN = "该户没有帮扶方案，本次走访不能同时作为帮扶回访。"
MSG_NO_MEASURE = "该户帮扶方案还没有帮扶措施，回访是跟踪帮扶措施的成效，本次走访不能同时作为帮扶回访。"
MSG_NOT_FOLLOWED = (
    "该户现在不是监测对象或脱贫户，也不在“绿色通道”先行帮扶中，帮扶方案已不再回访，本次走访不能同时作为帮扶回访。"
)


class ReturnVisitExtraForm(NamedFieldMessagesMixin, forms.Form):
    template = "assistance/visit_extra.html"

    as_return_visit = forms.BooleanField(label="同时作为帮扶回访", required=False)
    effect = forms.ChoiceField(
        label="帮扶成效（作为回访时必选）", choices=Effect.choices, required=False, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="回访情况（帮扶措施落实和成效）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    )

    def __init__(self, data: QueryDict | None, *, plan: Plan, is_contact: bool) -> None:
        super().__init__(data, prefix="return", initial={"as_return_visit": is_contact})
        self.plan = plan
        self.is_contact = is_contact
        self.overdue = plan.next_return_due < timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("as_return_visit") and not data.get("effect"):
            self.add_error("effect", MSG_BAD_EFFECT)
        return data

    def claims(self) -> bool:
        return bool(self.cleaned_data.get("as_return_visit"))

    def record(self, visit: VisitInput) -> visit_extras.Recorded:
        effect, note = self.cleaned_data["effect"], self.cleaned_data["note"]
        return_visit = visit_as_return_visit_record(plan=self.plan, visit=visit, effect=effect, note=note)
        due = Plan.objects.values_list("next_return_due", flat=True).get(pk=self.plan.pk)
        return visit_extras.Recorded(
            visit=return_visit.visit, messages=[MSG_RECORDED.format(due=due)], api={"next_return_due": due}
        )


def followed_plan(actor: Any, household: Household) -> Plan:
    """The plan whose return visit this user's visit may count as: the household's plan, still followed, for a user
    who may record return visits. Otherwise ValidationError at the box says why: the API, asked for it, answers so;
    the page offers nothing."""
    if not user_can(actor, Capability.ASSISTANCE_EDIT):
        raise ValidationError({"as_return_visit": MSG_MAY_NOT})
    plan = plan_for_household(actor=actor, household=household)
    if plan is None:
        raise ValidationError({"as_return_visit": MSG_NO_PLAN})
    if not household_assisted(household):
        raise ValidationError({"as_return_visit": MSG_NOT_FOLLOWED})
    if no_measure_refusal(plan):  # nothing whose effect to assess (services.visits.MSG_NO_MEASURE)
        raise ValidationError({"as_return_visit": MSG_NO_MEASURE})
    return plan


def offer(actor: Any, household: Household, data: QueryDict | None) -> ReturnVisitExtraForm | None:
    """For a household whose plan is still followed, to a user who may record its return visits."""
    try:
        plan = followed_plan(actor, household)
    except ValidationError:
        return None
    is_contact = household.help_contact_id is not None and household.help_contact_id == actor.pk
    return ReturnVisitExtraForm(data, plan=plan, is_contact=is_contact)
