"""Serializers of the reports API: what each endpoint reads and returns, declared field by field so that the
drf-spectacular schema says every field a response carries (a script is written against the schema)."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import PageSerializer
from config.api_once import once_api_field
from households.choices import MonitoringCategory
from reports.ledgers import ledger_list
from reports.models import LedgerExport
from reports.selectors.campaign_gaps import coverage_percent
from reports.services.national import MAX_CASES

MSG_UNKNOWN_LEDGER = "没有编码为“{value}”的台账，或您无权下载；可下载的台账见 /api/v1/reports/ledgers/。"


class LedgerSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="台账编码")
    name = serializers.CharField(help_text="台账名称")
    description = serializers.CharField(help_text="说明")
    date_label = serializers.CharField(help_text="日期筛选所依据的字段")
    headers = serializers.ListField(child=serializers.CharField(), help_text="列标题（中文）")


class ExportSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    progress = serializers.IntegerField(help_text="进度（百分比）")
    download_url = serializers.SerializerMethodField(help_text="下载地址，仅本人可用，过期失效")

    class Meta:
        model = LedgerExport
        fields = [
            "id",
            "ledger",
            "ledger_name",
            "filters",
            "status",
            "status_display",
            "progress",
            "rows_total",
            "rows_written",
            "message",
            "created_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, export: LedgerExport) -> str | None:
        return reverse("api:reports-export-download", args=[export.pk]) if export.downloadable else None


class BlankDateField(serializers.DateField):
    """A date, or "" or null for 不限: an export echoes its filters with "" for none (filters_to_json), so a client
    that sends back what it received is not refused, and the web form takes "" alike."""

    def to_internal_value(self, value: Any) -> Any:
        return None if value == "" else super().to_internal_value(value)


class ExportRequestSerializer(serializers.Serializer):
    ledger = serializers.CharField(help_text="台账编码，见 /api/v1/reports/ledgers/")
    once = once_api_field()
    region = serializers.CharField(required=False, allow_blank=True, help_text="乡镇或村的区划代码")
    date_from = BlankDateField(required=False, allow_null=True, help_text="开始日期（空为不限）")
    date_to = BlankDateField(required=False, allow_null=True, help_text="结束日期（空为不限）")
    quarter = serializers.CharField(
        required=False, allow_blank=True, help_text="季度，如 2026Q3（脱贫劳动力就业台账；默认本季度）"
    )
    household_kind = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="户类型（监测对象台账、监测对象家庭成员台账、本月未录入信息清单）：lifted_out 脱贫户；"
        "monitored 监测对象；或监测对象类别代码",
    )

    def validate_ledger(self, value: str) -> Any:
        """The ledger the caller may download (an unknown code and one not theirs read alike: nothing is listed)."""
        ledgers = {ledger.code: ledger for ledger in ledger_list(actor=self.context["request"].user)}
        if value not in ledgers:
            raise serializers.ValidationError(MSG_UNKNOWN_LEDGER.format(value=value[:40]))
        return ledgers[value]


class NationalMarkSerializer(serializers.Serializer):
    cases = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=f"已在国家系统录入的事项（案件ID），见待标注清单的 case；一次最多 {MAX_CASES} 个，不得重复。"
        "有不能标注的（不存在或不在管辖范围内、尚未经县级批准、已标注）时全部不标注，返回400，"
        "extra.cases 逐个列出 id、head_name 和原因（reason）",
    )


class NationalMarkedSerializer(serializers.Serializer):
    marked = serializers.ListField(child=serializers.IntegerField(), help_text="本次标注的案件ID")


class NationalPendingSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="pk", help_text="案件ID")
    household_number = serializers.CharField(source="household.number", help_text="户编号")
    head_name = serializers.CharField(source="household.head_name", help_text="户主姓名")
    village = serializers.CharField(source="household.village.name", help_text="村")
    kind = serializers.CharField(help_text="事项类型编码")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="事项类型")
    approved_on = serializers.DateField(allow_null=True, help_text="批复日期")


class DashboardCountSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="名称")
    count = serializers.IntegerField(help_text="户数或人数")


class DashboardStageSerializer(DashboardCountSerializer):
    count = serializers.IntegerField(help_text="事项数")
    kind = serializers.CharField(help_text="案件类型代码（同案件列表的 kind 筛选）")
    procedure = serializers.CharField(help_text="程序名称：识别纳入、风险消除、风险再标注")


class DashboardOverdueSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="逾期事项")
    count = serializers.IntegerField(allow_null=True, help_text="件数（null：该项数据尚未接入）")
    hint = serializers.CharField(help_text="说明")


class DashboardTrendSerializer(serializers.Serializer):
    months = serializers.ListField(child=serializers.CharField(), help_text="月份（YYYY-MM）")
    added = serializers.ListField(child=serializers.IntegerField(), help_text="当月新增监测户数")
    removed = serializers.ListField(child=serializers.IntegerField(), help_text="当月减少监测户数")
    exited = serializers.ListField(child=serializers.IntegerField(), help_text="其中风险消除户数")


class VisitsThisMonthSerializer(serializers.Serializer):
    due = serializers.IntegerField(help_text="本月应走访户数")
    visited = serializers.IntegerField(help_text="已走访户数")
    not_yet = serializers.IntegerField(help_text="尚未走访户数")


class DashboardChildSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="下级区划代码")
    name = serializers.CharField(help_text="下级区划名称")
    monitored = serializers.IntegerField(help_text="监测户数")
    open_cases = serializers.IntegerField(help_text="办理中的事项")
    overdue_cases = serializers.IntegerField(help_text="逾期事项")
    last_month_unvisited = serializers.IntegerField(help_text="上月应走访而未走访户数")


class DashboardSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="统计范围（区划名称，空为全部）")
    monitored = serializers.IntegerField(help_text="监测户数")
    monitored_persons = serializers.IntegerField(help_text="监测人数")
    by_category = DashboardCountSerializer(many=True, help_text="按监测对象类别（户）")
    persons_by_category = DashboardCountSerializer(many=True, help_text="按监测对象类别（人）")
    by_risk = DashboardCountSerializer(many=True, help_text="按风险类型（户）")
    by_national_risk = DashboardCountSerializer(many=True, help_text="按国家系统风险类型（户）")
    no_contact = serializers.IntegerField(help_text="未落实帮扶联系人的监测户")
    never_visited = serializers.IntegerField(help_text="纳入监测以来未走访的监测户")
    by_stage = DashboardStageSerializer(
        many=True,
        help_text="办理中的事项，按程序（识别纳入、风险消除、风险再标注）再按所处环节：label 为环节名称（同案件列表的"
        "“当前环节”，依程序顺序），各程序的环节名称可能相同，以 kind 区分",
    )
    overdue = DashboardOverdueSerializer(many=True, help_text="逾期事项")
    trend = DashboardTrendSerializer(help_text="近几个月监测户增减")
    visits_this_month = VisitsThisMonthSerializer(allow_null=True, help_text="本月走访进度（无应走访时为 null）")
    children = DashboardChildSerializer(many=True, help_text="下级区划")


def _by_category(name: str, help_text: str, **extra: serializers.Field) -> serializers.Serializer:
    """An object with a count per monitoring category code (a class per use: the schema names it)."""
    fields = {code: serializers.IntegerField(help_text=label) for code, label in MonitoringCategory.choices}
    return type(name, (serializers.Serializer,), fields | extra)(help_text=help_text)


class PerformanceChangesSerializer(serializers.Serializer):
    start_households = serializers.IntegerField(help_text="期初户数")
    start_persons = serializers.IntegerField(help_text="期初人数")
    added_households = serializers.IntegerField(help_text="本期新增户数")
    added_persons = serializers.IntegerField(help_text="本期新增人数")
    removed_households = serializers.IntegerField(help_text="本期减少户数")
    removed_persons = serializers.IntegerField(help_text="本期减少人数")
    exited_households = serializers.IntegerField(help_text="其中本期批复风险消除户数")
    changed_persons = serializers.IntegerField(
        help_text="户内人员变动：期初、期末都是监测对象的户本期增减的人数（出生、死亡、迁入迁出），以及分户、合户"
        "随户转移的人数，期初人数 + 新增人数 − 减少人数 + 户内人员变动 = 期末人数"
    )
    adjusted_households = serializers.IntegerField(
        help_text="分户合户调整：本期从监测户分出的户数（+）减去因合户并入当日是监测对象的户而注销的监测户数（−），"
        "不计入新增和减少（并入不是监测对象的户的计入减少），期初户数 + 新增户数 − 减少户数 + 分户合户调整 = 期末户数"
    )
    end_households = serializers.IntegerField(help_text="期末户数")
    end_persons = serializers.IntegerField(help_text="期末人数")


class PerformanceRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="区划代码")
    name = serializers.CharField(help_text="区划名称")
    inclusions = serializers.IntegerField(help_text="本期纳入监测")
    median_days = serializers.FloatField(allow_null=True, help_text="从发现到纳入的天数中位数")
    within_limit = serializers.IntegerField(help_text="在时限内纳入的")
    within_judged = serializers.IntegerField(help_text="有时限可判断的")
    within_share = serializers.FloatField(allow_null=True, help_text="时限内纳入占比（%）")
    visit_due = serializers.IntegerField(help_text="应走访户数")
    visit_due_months = serializers.IntegerField(help_text="应走访户月数")
    visited = serializers.IntegerField(help_text="已走访户数")
    visit_months = serializers.IntegerField(help_text="已走访户月数")
    visited_every_month = serializers.IntegerField(help_text="每月均走访的户数")
    months = serializers.IntegerField(help_text="统计期已开始的月数")
    visit_share = serializers.FloatField(allow_null=True, help_text="按月走访覆盖率（%）")
    alerts_on_time = serializers.IntegerField(allow_null=True, help_text="按时核实的预警")
    alerts_due = serializers.IntegerField(
        allow_null=True, help_text="计入按时核实率的预警数：核实期限在统计期内，已核实或已逾期"
    )
    alerts_share = serializers.FloatField(allow_null=True, help_text="预警按时核实率（%）")
    changes = PerformanceChangesSerializer(help_text="监测对象增减（期初、新增、减少、期末）")
    identified = _by_category("PerformanceIdentifiedSerializer", "本期批复纳入，按类别")
    remarked = serializers.IntegerField(help_text="本期风险再标注（返贫）")
    exited = _by_category(
        "PerformanceExitedSerializer",
        "本期批复风险消除，按所离开的类别",
        unknown=serializers.IntegerField(help_text="类别未记录"),
    )


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "integer", "nullable": True}]}},
        "description": "部门数据报送：每项为 [部门, 按时, 应报, 迟报, 漏报]；"
        "数据类型均为发生即报、发生后N日内推送的部门没有应报期，四项为 null（页面显示为“—”）",
        "nullable": True,
    }
)
class FeedsField(serializers.Field):
    """[department, on time, due, late, missing] rows, returned as they are."""

    def to_representation(self, value: Any) -> Any:
        return [list(row) for row in value]


class PerformanceSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="统计期（如 2026年第2季度）")
    start = serializers.DateField(help_text="统计期开始日期")
    end = serializers.DateField(help_text="统计期结束日期")
    changes_end = serializers.DateField(allow_null=True, help_text="期末计算日（统计期未结束时为今天）")
    rows = PerformanceRowSerializer(many=True, help_text="各单位")
    total = PerformanceRowSerializer(allow_null=True, help_text="合计（单位多于一个时）")
    alerts_available = serializers.BooleanField(help_text="是否有预警数据")
    feeds = FeedsField(allow_null=True, label="部门数据报送")


class DutyUnitSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="区划代码（合计为本人管辖范围，空为全部）")
    name = serializers.CharField(help_text="区划名称")


class EntryUnitSerializer(DutyUnitSerializer):
    due = serializers.IntegerField(help_text="应录入户数")
    entered = serializers.IntegerField(help_text="本月已录入户数")
    missing = serializers.IntegerField(help_text="本月未录入户数")


class EntryHouseholdSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="农户ID")
    number = serializers.CharField(help_text="户编号")
    head_name = serializers.CharField(help_text="户主姓名")
    township = serializers.CharField(source="village.parent.name", default="", help_text="乡镇")
    village = serializers.CharField(source="village.name", help_text="村")
    household_type = serializers.CharField(help_text="户类型编码")
    household_type_display = serializers.CharField(
        source="get_household_type_display", read_only=True, help_text="户类型"
    )
    monitoring_category = serializers.CharField(help_text="监测对象类别编码（空为非监测对象）")
    monitoring_category_display = serializers.CharField(
        source="get_monitoring_category_display", read_only=True, help_text="监测对象类别（非监测对象为空字符串）"
    )
    last_entry = serializers.DateField(allow_null=True, help_text="最近一次录入日期（无为 null）")


class EntrySerializer(PageSerializer):
    month = serializers.CharField(help_text="月份（YYYY-MM）")
    deadline = serializers.DateField(help_text="本月录入截止日期")
    status = serializers.CharField(help_text="本月待录入 或 逾期未录入")
    overdue = serializers.BooleanField(help_text="已过截止日期")
    definition = serializers.CharField(help_text="“已录入”的口径")
    total = EntryUnitSerializer(help_text="合计")
    units = EntryUnitSerializer(many=True, help_text="各单位")
    results = EntryHouseholdSerializer(many=True, help_text="本月未录入的户（本页）")


class GapUnitSerializer(DutyUnitSerializer):
    villages = serializers.IntegerField(help_text="村数")
    unscreened = serializers.IntegerField(help_text="未开展集中排查的村数（不含排查中的村）")
    screening = serializers.IntegerField(help_text="排查中的村数：所在集中排查的入户排查阶段尚未结束，不计入未开展")
    screening_until = serializers.DateField(
        allow_null=True, help_text="单位为村且排查中时：入户排查阶段的最后一天；否则为 null"
    )
    flagged = serializers.BooleanField(help_text="所有村均未开展")
    coverage_percent = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        required=False,
        help_text="单位为村时：最近一次集中排查已排查户数占本村农户数的百分比（向下取一位小数）；乡镇或从未开展为 null",
    )


class GapVillageSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="村区划代码")
    name = serializers.CharField(help_text="村")
    township = serializers.CharField(source="parent.name", default="", help_text="乡镇")
    last_campaign_id = serializers.IntegerField(allow_null=True, help_text="最近一次集中排查ID（从未开展为 null）")
    last_campaign = serializers.CharField(allow_null=True, help_text="最近一次集中排查名称")
    last_starts_on = serializers.DateField(allow_null=True, help_text="其开始日期")
    last_ends_on = serializers.DateField(allow_null=True, help_text="其结束日期")
    last_filled = serializers.IntegerField(help_text="该次集中排查在本村已填写入户排查表的户数（从未开展为 0）")
    households = serializers.IntegerField(source="household_count", help_text="本村农户数（现有农户）")
    coverage_percent = serializers.SerializerMethodField(
        help_text="该次集中排查的覆盖率：last_filled 占 households 的百分比（向下取一位小数）；"
        "从未开展或本村无农户为 null"
    )

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True))
    def get_coverage_percent(self, village: Any) -> str | None:
        if village.last_campaign_id is None:
            return None
        percent = coverage_percent(village.last_filled, village.household_count)
        return None if percent is None else f"{percent:.1f}"


class GapScreeningVillageSerializer(GapVillageSerializer):
    screening_until = serializers.DateField(help_text="入户排查至：正在进行的入户排查阶段的最后一天")


class CampaignGapsSerializer(PageSerializer):
    months = serializers.IntegerField(help_text="间隔（月），县里设定")
    coverage = serializers.IntegerField(
        help_text="覆盖率（%），县里设定：一次排查填表户数达到村农户数的这一比例才算已开展"
    )
    since = serializers.DateField(help_text="统计起始日期")
    label = serializers.CharField(help_text="说明，如 近6个月未开展集中排查")
    total = GapUnitSerializer(help_text="合计")
    units = GapUnitSerializer(many=True, help_text="各单位")
    screening_villages = GapScreeningVillageSerializer(
        many=True,
        help_text="排查中的村（入户排查尚未结束，不计入未开展）：按区划顺序最多列出100个，总数见 total.screening",
    )
    results = GapVillageSerializer(many=True, help_text="未开展集中排查的村（本页）")
