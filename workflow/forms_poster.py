"""重新生成二维码's confirmation (views_poster.application_link_rotate): the cadre ticks that the old QR code stops
at once and that every printed poster of the village has to be replaced."""

from django import forms

from config.forms import NamedFieldMessagesMixin

MSG_ROTATE_UNDERSTOOD = "请先勾选确认：旧二维码将立即停用，已张贴的海报须全部更换。"


class LinkRotateForm(NamedFieldMessagesMixin, forms.Form):
    understood = forms.BooleanField(
        label="我已知晓：旧二维码立即停用，已张贴、已转发的旧二维码都不能再申报，须全部换成新海报",
        error_messages={"required": MSG_ROTATE_UNDERSTOOD},
    )
