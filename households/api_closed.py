"""A household's place on the rolls in the registry API, as the list page shows it: the list's registry_state
parameter (在册 by default, 已注销, 全部: households.selectors.household_list), each household's closing (农户注销,
合户), and the number it gave up that a search found it by (原户编号)."""

from rest_framework import serializers

REGISTRY_STATE_HELP = (
    "档案状态：active 在册（默认）；closed 已注销（农户注销或合户，误注销的由乡镇、县撤销注销）；all 全部。"
    "各户的 is_active、closed_on、closed_reason 给出其注销情况"
)
MSG_CLOSING_FIELDS = (
    "注销情况不能在此修改：农户注销用 POST /api/v1/households/{id}/close/，撤销注销用 "
    "POST /api/v1/households/{id}/reopen/（乡镇、县乡村振兴局办理）。"
)
CLOSING_FIELDS = ["is_active", "closed_on", "closed_reason"]
CLOSING_HINTS = dict.fromkeys(CLOSING_FIELDS, MSG_CLOSING_FIELDS)


class HouseholdClosingRead(serializers.Serializer):
    """Read-only fields of households.api.HouseholdSerializer: the closing, and the 原户编号 a search matched."""

    is_active = serializers.BooleanField(read_only=True, help_text="是否在册：注销（含合户）后为 false")
    closed_on = serializers.DateField(read_only=True, allow_null=True, help_text="注销日期；在册农户为 null")
    closed_reason = serializers.CharField(read_only=True, help_text="注销原因；在册农户为空")
    former_number = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=(
            "原户编号：列表按 q 查找时，该户是因其停用的原户编号（整户迁移、修改户编号前的编号）被找到的，为该编号；"
            "否则为 null"
        ),
    )
