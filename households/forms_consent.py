"""The signed consent's form (承诺和授权查询书, seed 003 附件1). It validates shape; the rules live in
households.services.visits.consent_record, whose date rule (households.services.consent_dates) is asked here too so
that it shows with the form's own errors in one round. A scan chosen before an error is kept on the server
(households.forms_uploads: scan_token), so that a cadre on a phone need not pick it again."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from config.once import OnceFormMixin
from households.choices import ConsentSigner
from households.forms_confirm import ConfirmUnusualMixin
from households.forms_uploads import KeptFileMixin
from households.services.confirm import CONFIRM_FIELD
from households.services.consent_dates import CONSENT_EARLIEST, signed_on_error

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentForm(OnceFormMixin, KeptFileMixin, ConfirmUnusualMixin, NamedFieldMessagesMixin, forms.Form):
    kept_field = "scan"
    KEPT_FIELDS = ("scan_token", "scan_clear")  # rendered by the template beside the scan (consent_form.html)

    signed_on = forms.DateField(label="签署日期", widget=DATE, initial=timezone.localdate)
    signer = forms.ChoiceField(
        label="签署方式", choices=ConsentSigner.choices, widget=forms.RadioSelect, initial=ConsentSigner.SELF
    )
    proxy_name = forms.CharField(label="代签人姓名", required=False, max_length=50)
    thumbprint = forms.BooleanField(label="农户本人已按手印", required=False)
    # Required, but by the service (consent_record): the kept scan of an earlier round stands for a new choice.
    scan = forms.FileField(
        label="签字扫描件（JPG/PNG/PDF）",
        required=False,
        # image/* lets a phone offer its camera as well as its files.
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.jpg,.jpeg,.png,.pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The phone's date picker offers only the dates the service accepts.
        self.fields["signed_on"].widget.attrs.update(
            {"min": f"{CONSENT_EARLIEST:%Y-%m-%d}", "max": f"{timezone.localdate():%Y-%m-%d}"}
        )
        self.add_confirm_field()  # a second consent signed the same day (households.services.visits)

    def clean_signed_on(self) -> dt.date:
        signed_on: dt.date = self.cleaned_data["signed_on"]
        if message := signed_on_error(signed_on, today=timezone.localdate()):
            raise forms.ValidationError(message)
        return signed_on

    def service_kwargs(self) -> dict[str, Any]:
        """The valid form as households.services.visits.consent_record's arguments, the scan aside (the kept one)."""
        names = ("signed_on", "signer", "proxy_name", "thumbprint", CONFIRM_FIELD)
        return {name: self.cleaned_data[name] for name in names}
