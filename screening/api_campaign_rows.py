"""What GET campaigns/{id}/progress/ and campaigns/{id}/summary/ return, for the schema: lists of rows, not a
campaign (the views build the rows as dicts; these serializers describe them)."""

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from screening.choices_campaigns import ProblemType


class ProgressNumbersSerializer(serializers.Serializer):
    total = serializers.IntegerField(
        help_text="应排查户数：在册（未注销）且有在世在户成员的户数，及成员已故或迁出前已填排查表的户"
    )
    screened = serializers.IntegerField(help_text="已排查户数（已填写排查表）")
    at_risk = serializers.IntegerField(help_text="排查表勾选存在风险的户数")
    proposed = serializers.IntegerField(help_text="拟纳入监测的户数")
    problems = serializers.IntegerField(help_text="登记的问题数（户内问题与该单位的面上问题）")
    open_problems = serializers.IntegerField(help_text="未销号的问题数")
    level = serializers.CharField(
        help_text=(
            "行的单位层级（village 村、township 乡镇、county 县）：village/township 为排查范围内的村或乡镇"
            "（乡镇行含本乡镇层面的面上问题）；"
            "其余为排查范围之上单位（县级层面，或按村列出时的乡镇层面）的面上问题行，只有 problems 与 open_problems，"
            "各行之和与整改情况汇总表（附件4）的合计一致"
        ),
    )
    emptied = serializers.IntegerField(
        help_text=(
            "另有的无在世在户人员（成员均已故或迁出）、未填排查表的户数：未列入排查、不计入 total，应按程序申报农户注销"
        )
    )


class ProgressVillageRowSerializer(ProgressNumbersSerializer):
    """by=village（默认）：每村一行。"""

    village = serializers.CharField(help_text="村区划代码")
    name = serializers.CharField(help_text="村名称")
    township = serializers.CharField(help_text="所属乡镇名称")
    screeners = serializers.IntegerField(help_text="已安排的排查人数（0：尚未安排）")


class ProgressTownshipRowSerializer(ProgressNumbersSerializer):
    """by=township：每乡镇一行，为其各村之和。"""

    township = serializers.CharField(help_text="乡镇区划代码")
    name = serializers.CharField(help_text="乡镇名称")
    villages = serializers.IntegerField(help_text="排查范围内的村数")
    unassigned = serializers.IntegerField(help_text="尚未安排排查人的村数")


PROGRESS_ROWS = PolymorphicProxySerializer(
    component_name="CampaignProgressRow",
    serializers=[ProgressVillageRowSerializer, ProgressTownshipRowSerializer],
    resource_type_field_name=None,
    many=True,
)


class SummaryTypeRowSerializer(serializers.Serializer):
    problem_type = serializers.ChoiceField(choices=ProblemType.choices, help_text="问题类型")
    label = serializers.CharField(help_text="问题类型名称")
    found = serializers.IntegerField(help_text="发现问题数")
    rectified = serializers.IntegerField(help_text="已整改（销号）数")
    in_progress = serializers.IntegerField(help_text="正在整改数（发现数减已整改数）")


class SummaryUnitSerializer(serializers.Serializer):
    """整改情况汇总表（附件4）的一个单位：各乡镇（或所选乡镇的各村）各一行，最后一行为合计（unit 为空字符串）。"""

    unit = serializers.CharField(help_text="单位的区划路径；合计行为空字符串")
    name = serializers.CharField(help_text="单位名称；合计行为“合计”")
    rows = SummaryTypeRowSerializer(many=True, help_text="按问题类型的发现、已整改、正在整改数")
    proposed_households = serializers.IntegerField(help_text="拟纳入监测的户数")
    proposed_persons = serializers.IntegerField(help_text="拟纳入监测的人数")
    proposed_known = serializers.IntegerField(help_text="勾选拟纳入但已在监测或已在识别纳入程序中、未计入上两项的户数")
