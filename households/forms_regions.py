"""The system admin's region forms on the configuration site (households.admin.RegionAdmin): each saves through
households.services.regions, whose errors appear at the fields."""

from django import forms

from config.forms import ServiceModelForm
from households.choices import RegionLevel
from households.models import Region
from households.services.regions import region_create, region_rename

CODE_HELP = "村：12位统计用区划代码，以所属乡镇的代码开头；村民小组：所属村的12位代码加3位组号。"


def parent_label(region: Region) -> str:
    """涂埠镇（360425100）, 涂埠镇 城南村（360425100201）: a county has villages of the same name."""
    place = (
        f"{region.parent.name} {region.name}" if region.level == RegionLevel.VILLAGE and region.parent else region.name
    )
    return f"{place}（{region.path}）"


class RegionCreateForm(ServiceModelForm):
    """新增: a village under a township, or a villager group under a village (the level follows from the parent)."""

    class Meta:
        model = Region
        fields = ["parent", "code", "name"]
        labels = {"parent": "上级区划（乡镇或村）"}
        help_texts = {"code": CODE_HELP}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.required = True
        parent.queryset = (  # type: ignore[attr-defined]
            Region.objects.active()
            .filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])
            .select_related("parent")
            .order_by("path")
        )
        parent.label_from_instance = parent_label  # type: ignore[attr-defined]
        parent.empty_label = "请选择乡镇或村"  # type: ignore[attr-defined]

    def call_service(self) -> Region:
        data = self.cleaned_data
        return region_create(actor=self.actor, parent=data["parent"], code=data["code"], name=data["name"])


class RegionRenameForm(ServiceModelForm):
    """更名: the name only; the code, and every scope path under it, stays."""

    class Meta:
        model = Region
        fields = ["name"]

    def call_service(self) -> Region:
        return region_rename(actor=self.actor, region=self.instance, name=self.cleaned_data["name"])


class RegionRetireForm(forms.Form):
    """撤销's confirmation: the page says what goes with the region; ticking the box says it was read."""

    confirm = forms.BooleanField(label="我已核对：该区划已按统计用区划代码撤销", required=True)
