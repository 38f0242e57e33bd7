"""A form whose file is kept on the server across its errors (services.pending_uploads), so that a cadre on a phone
need not pick the photo again: the hidden token of the kept file and the "不上传" box beside the file field, and
what the submission goes on with. Workflow's meeting form keeps its minutes the same way."""

from typing import Any

from django import forms
from django.core.files.base import ContentFile

from config.forms import apply_errors
from households.models import PendingUpload
from households.services.pending_uploads import (
    MSG_GONE,
    UploadCheck,
    pending_content,
    pending_discard,
    pending_keep,
)


class KeptFileMixin:
    """Adds `<kept_field>_token` (the kept file's token, rendered by the template from the kept file) and
    `<kept_field>_clear` ("不上传", shown while a file is kept) to a form. Put it before forms.Form."""

    kept_field = ""
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields[f"{self.kept_field}_token"] = forms.CharField(
            required=False, max_length=64, widget=forms.HiddenInput
        )
        self.fields[f"{self.kept_field}_clear"] = forms.BooleanField(label="不上传", required=False)


def kept_upload(
    form: forms.Form, *, actor: Any, purpose: str, field: str, check: UploadCheck, answered: bool = False
) -> PendingUpload | None:
    """The file this validated submission goes on with (households.services.pending_uploads.pending_keep), its
    errors at `field`: a newly chosen file refused by `check`; a kept file the page named that this user no longer
    has (unless the field says something already, or the page was `answered`: recorded by an earlier post of the
    same page (config.once), whose save deleted the kept file)."""
    data = form.cleaned_data
    token = data.get(f"{field}_token") or form.data.get(f"{field}_token", "")
    kept = pending_keep(
        actor=actor,
        purpose=purpose,
        token=token,
        upload=data.get(field),
        drop=bool(data.get(f"{field}_clear")),
        field=field,
        check=check,
    )
    if kept.refused is not None:
        apply_errors(form, kept.refused)
    elif kept.gone and not answered and field not in form.errors:
        form.add_error(field, MSG_GONE)
    return kept.pending


def kept_content(
    form: forms.Form, kept: PendingUpload | None, *, field: str, answered: bool = False
) -> tuple[PendingUpload | None, ContentFile | None]:
    """The kept file and its bytes for the record. A kept file whose bytes went after kept_upload read its row (the
    same page's earlier post saved its record with them, or the purge) is dropped and said gone at `field` as any
    kept file no longer there, unless the page was `answered` (that earlier post's record is the answer)."""
    if kept is None:
        return None, None
    content = pending_content(kept)
    if content is None:
        pending_discard(kept)
        if not answered and field not in form.errors:
            form.add_error(field, MSG_GONE)
        return None, None
    return kept, content
