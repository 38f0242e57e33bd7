"""The 个人信息 page's form: the user's own mobile number (accounts.profile checks and saves it)."""

from django import forms

OWN_PHONE_HELP = "以1开头的11位手机号，如 13807921234；留空则不登记。帮扶明白卡上的联系人电话即此号码。"


class OwnPhoneForm(forms.Form):
    phone = forms.CharField(
        label="手机号",
        required=False,
        max_length=30,
        help_text=OWN_PHONE_HELP,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "13807921234"}),
    )
