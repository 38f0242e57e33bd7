"""Yearly income and expenses under /api/v1/incomes/: households.services.income, as the income page (the same
rules, the same "仍要保存" question through confirm_unusual)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from households.api import RegistryWritePermission
from households.api_fields import ScopedHouseholdField, confirm_unusual_field
from households.models import HouseholdIncome
from households.services import income as income_services
from households.services.income import AMOUNT_FIELDS


class IncomeSerializer(serializers.ModelSerializer):
    household = ScopedHouseholdField(help_text="农户ID")
    confirm_unusual = confirm_unusual_field()

    class Meta:
        model = HouseholdIncome
        read_only_fields = ["members_count", "per_capita_net_income"]
        fields = ["id", "household", "year", *AMOUNT_FIELDS, *read_only_fields, "confirm_unusual"]
        validators: list[Any] = []


class IncomeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """年度收支。POST 同一农户同一年度即更新该年度；人均纯收入由系统计算。"""

    serializer_class = IncomeSerializer
    permission_classes = [RegistryWritePermission]
    filterset_fields = ["household", "year"]

    def get_queryset(self) -> Any:
        return HouseholdIncome.objects.visible_to(self.request.user)

    @extend_schema(request=IncomeSerializer, responses={201: IncomeSerializer, 200: IncomeSerializer})
    def create(self, request: Request) -> Response:
        """录入某户某年度收支（201）；该年度已录入的，按所给金额更正（200，金额未变则不记变更）。"""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        household, year, confirm = data.pop("household"), data.pop("year"), data.pop("confirm_unusual", False)
        existed = HouseholdIncome.objects.filter(household=household, year=year).exists()
        row = income_services.income_save(
            actor=request.user, household=household, year=year, amounts=data, confirm_unusual=confirm
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(self.get_serializer(row).data, status=code)
