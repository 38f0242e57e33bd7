"""The security admin's account approvals over the API (accounts.approvals): the accounts waiting, and the decision
on one, posted with its role, scope and department as the caller read them."""

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.approval_search import ROLE_CHOICES, STATUS_CHOICES, approval_account_list
from accounts.approvals import (
    GRANT_LABELS,
    REASON_LIMIT,
    Pick,
    accounts_decide,
    grant_asked,
    grant_changes,
    pending_account_list,
)
from accounts.forms_approvals import ApprovalFilterForm
from accounts.models import User
from accounts.permissions import HasCapability
from accounts.roles import Capability
from config.api import KnownQueryParamsMixin

MSG_DEPARTMENT_MISSING = "缺少所属部门（department）：账号 {username} 属于{department}，须提交审核时看到的部门代码。"


class GrantChangeSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=list(GRANT_LABELS.items()), help_text="变更的项目")
    label = serializers.CharField(help_text="项目名称")
    before = serializers.CharField(help_text="原值（文字）")
    after = serializers.CharField(help_text="新值（文字）")
    before_value = serializers.CharField(help_text="原值代码（角色、区划路径、网格ID、部门；空：无）")
    after_value = serializers.CharField(help_text="新值代码")


class ApprovalSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True, help_text="姓名")
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    department_display = serializers.CharField(source="get_department_display", read_only=True)
    approval_display = serializers.CharField(source="get_approval_display", read_only=True, help_text="审核状态")
    approval_requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True, help_text="申请人")
    approval_decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, help_text="上次审核人")
    grid_name = serializers.SerializerMethodField(help_text="限定网格名称；空：不限网格（管辖全村）")

    changes = serializers.SerializerMethodField(
        help_text="本次待审核的角色、管辖区划、限定网格、部门变更（原 → 新）；新建账号、重置密码时为空"
    )

    def get_grid_name(self, user: User) -> str:
        return user.grid.name if user.grid_id else ""

    @extend_schema_field(GrantChangeSerializer(many=True))
    def get_changes(self, user: User) -> list[dict[str, str]]:
        return [GrantChangeSerializer(change).data for change in grant_changes(user)]

    def to_representation(self, user: User) -> dict[str, Any]:
        # The role, scope, grid and department decided on are the ones asked for (accounts.approvals.grant_asked):
        # a change waiting is kept apart from the grant in force, and a decision posts these back.
        return {**super().to_representation(user), **grant_asked(user)}

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "role",
            "role_display",
            "region_path",
            "region_name",
            "grid",
            "grid_name",
            "department",
            "department_display",
            "approval",
            "approval_display",
            "approval_requested_at",
            "approval_requested_by",
            "approval_decided_at",
            "approval_decided_by",
            "approval_reason",
            "changes",
        ]


class DecisionSerializer(serializers.Serializer):
    role = serializers.CharField(help_text="审核时看到的角色代码")
    region_path = serializers.CharField(help_text="审核时看到的管辖区划路径")
    department = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="审核时看到的所属部门代码（部门业务员的账号必填）"
    )
    grid = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="审核时看到的限定网格ID（不限网格时省略或为 null）"
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_LIMIT, help_text="拒绝理由（仅拒绝时填写）"
    )


def _words(choices: list[tuple[str, str]]) -> str:
    return "；".join(f"{value or '（省略）'}：{label}" for value, label in choices)


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="按用户名、姓名或区划（名称或区划代码）搜索"),
        OpenApiParameter(
            "status",
            str,
            enum=[value for value, _ in STATUS_CHOICES if value],
            description=f"审核状态（默认待处理：待审核在前，其后为已驳回）。{_words(STATUS_CHOICES)}",
        ),
        OpenApiParameter("role", str, enum=[value for value, _ in ROLE_CHOICES], description="角色（申请的角色）"),
    ]
)
class ApprovalListView(KnownQueryParamsMixin, generics.ListAPIView):
    """待安全管理员审核、未通过审核或已通过审核的账号（仅安全管理员），可搜索、筛选，分页返回。"""

    serializer_class = ApprovalSerializer
    permission_classes = [HasCapability(Capability.SECURITY_MANAGE)]
    filter_backends: list[Any] = []
    query_params_known = ("q", "status", "role")

    def get_queryset(self) -> Any:
        form = ApprovalFilterForm(self.request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        return approval_account_list(**form.filters())


class ApprovalDecisionView(APIView):
    """批准或拒绝一个账号（仅安全管理员）。须提交审核时看到的角色、管辖区划、限定网格和部门；

    期间被修改的账号返回 409。"""

    permission_classes = [HasCapability(Capability.SECURITY_MANAGE)]
    approve = True

    @extend_schema(request=DecisionSerializer, responses={200: ApprovalSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "department" not in request.data:
            _require_department(pk)
        pick = Pick(pk, values["role"], values["region_path"], values["department"], values["grid"])
        try:
            outcome = accounts_decide(actor=request.user, picks=[pick], approve=self.approve, reason=values["reason"])
        except ValidationError as error:
            return Response({"detail": "；".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
        if not outcome.done:
            return Response({"detail": "；".join(outcome.refused)}, status=status.HTTP_409_CONFLICT)
        return Response(ApprovalSerializer(outcome.done[0]).data)


def _require_department(pk: int) -> None:
    """An account of a department left out of the body is a missing field, not a grant changed since it was read:
    the service would compare "" with the account's department and answer 409 "在您查看后已被修改"."""
    account = pending_account_list().filter(pk=pk).exclude(department="").first()
    if account is not None:
        words = MSG_DEPARTMENT_MISSING.format(username=account.username, department=account.get_department_display())
        raise serializers.ValidationError({"department": [words]})


class ApprovalRefuseView(ApprovalDecisionView):
    """拒绝一个账号（仅安全管理员）：该账号不能登录，直到系统管理员修改或重置后重新提交审核。"""

    approve = False
