"""Self-application (农户自主申报, seed 000 §三(三)1), the public side: a farmer's submission through the village's
page, and the village's link (the QR poster). The village's handling of an application is services.applications."""

import datetime as dt
import re
import secrets
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.permissions import user_can
from accounts.roles import Capability
from accounts.scoping import user_scope_prefix
from households import idnumber
from households.choices import RegionLevel, RiskType
from households.models import Region
from households.names import name_error, normalize_name
from households.phone import LANDLINE, household_phone
from households.services.common import ensure_can_edit
from households.services.members import age_on
from workflow.choices_applications import CONSENT_VERSION, PENDING_STATUSES
from workflow.models.applications import Application, ApplicationLink, ApplicationSupplement

MSG_NAME_REQUIRED = "请填写申报人姓名。"
MSG_NAME_LONG = "姓名不能超过20个字。"
MSG_ID_REQUIRED = "请填写申报人的18位身份证号。"
MSG_APPLICANT_MINOR = "申报人须年满18周岁；未成年人请由监护人或户主申报。"
MSG_PHONE = "请填写11位手机号码（以1开头）。"
MSG_LOOKUP_PHONE = "请填写申报时留的11位手机号码（以1开头），或带区号的固定电话（如0792-1234567）。"
MSG_LOOKUP_KEY = "请填写申报时留的手机号码（或固定电话）；没有留电话的，请在“回执号”中填写回执上的回执号。"
MSG_LOOKUP_RECEIPT = "回执号是10位字母和数字（如 ABCDE-23456），请对照回执重新填写。"
MSG_DIFFICULTY_REQUIRED = "请至少选择一项困难类型。"
MSG_DIFFICULTY_BAD = "困难类型无效，请重新选择。"
MSG_SITUATION_SHORT = "请用至少{n}个字说明家里的困难情况。"
MSG_SITUATION_LONG = "困难情况不能超过{n}个字，请精简后再提交。"
MSG_CONSENT_REQUIRED = "请阅读并勾选同意《农户承诺和授权查询书》后再提交。"
MSG_NOT_A_VILLAGE = "只能为村生成自主申报二维码。"
MSG_SITUATION_NO_TEXT = "请用文字写明家里的困难情况（至少{n}个汉字），不能只填数字或标点符号。"
MSG_BAD_CHARACTER = "{label}中有无法识别的字符，请删除后重新填写。"

NAME_MAX = 20
# 父亲住院花费很大 (8 characters) says it: the minimum only keeps out a word or two ("生病了"); the words rule
# below keeps out digits and punctuation.
SITUATION_MIN, SITUATION_MAX = 5, 500
# Real words in 困难情况: this many Chinese characters or letters ("。。。。。。" or "123456" are not a situation).
SITUATION_MIN_WORDS = 4
_WORD_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z]")
# ASCII digits only: \d would take any script's digits, which no one can dial or search for.
PHONE_PATTERN = re.compile(r"^1[3-9][0-9]{9}$")
# What people type between a phone's digits: spaces, hyphens and dashes, brackets (after NFKC, which turns the
# full-width forms a Chinese keyboard gives into these and full-width digits into ASCII ones).
_PHONE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015().]")
# China's country code before a mobile number: +86, 0086 or a bare 86.
_COUNTRY_CODE = re.compile(r"^(?:\+|00)?86(?=1[0-9]{10}$)")
# The applicant signs 承诺和授权人 (seed 003 §二(4)), consenting to a query of the family's assets: an adult's act
# (民法典 第十七、十八条; PIPL 第三十一条 asks a guardian's consent for a child under 14). A minor's household applies
# through a guardian or the head.
APPLICANT_MIN_AGE = 18
# The audit log's actor for what arrives through the public page (nobody is logged in).
PUBLIC_ACTOR = "农户自主申报页面"
# Receipt numbers: random, from letters and digits that cannot be misread (no 0/O, 1/I/L), so they are neither
# sequential nor guessable and can be read out over the phone.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_RECEIPT_SHAPE = re.compile(r"[0-9A-Z]{10}")


def new_receipt_no() -> str:
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


def normalize_phone(raw: str) -> str:
    """'+86 138 0013 8000', '86-13800138000' and full-width digits are the number 13800138000."""
    phone = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    return _COUNTRY_CODE.sub("", phone)


def validate_phone(raw: str) -> str:
    phone = normalize_phone(raw)
    if not PHONE_PATTERN.match(phone):
        raise ValidationError(MSG_PHONE, code="phone")
    return phone


def validate_filed_phone(raw: str) -> str:
    """代为申报: the farmer a cadre files for may have no mobile (seed 003 §二(4) files for one who cannot use a
    phone), so any phone the registry takes as a household's 联系电话 (households.phone: a mobile, a landline with its
    area code, or none) is taken. The farmer looks it up with the landline (validate_lookup_phone) or, with none,
    with the receipt number in place of the phone (validate_lookup_receipt)."""
    phone = normalize_phone(raw)
    if PHONE_PATTERN.match(phone):
        return phone
    return household_phone(raw)


def validate_lookup_phone(raw: str) -> str:
    """The status lookup's phone: a mobile, or the landline a cadre filed with (stored as households.phone stores
    it, 0792-1234567, so the same number typed either way finds it). Never blank: a lookup by ID number alone would
    tell anyone who knows it whether that person applied."""
    phone = normalize_phone(raw)
    if PHONE_PATTERN.match(phone):
        return phone
    if LANDLINE.match(phone):
        return household_phone(phone)
    raise ValidationError(MSG_LOOKUP_PHONE, code="phone")


def validate_lookup_receipt(raw: str) -> str:
    """The status lookup's receipt number (an application's or a supplement's), in any case, with or without its dash
    or spaces, as stored (ABCDE-23456); "" for none. Any ten letters and digits are taken: one misread (an O for a
    0) finds nothing, as a wrong one does."""
    plain = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or "")).upper()
    if not plain:
        return ""
    if not _RECEIPT_SHAPE.fullmatch(plain):
        raise ValidationError(MSG_LOOKUP_RECEIPT, code="receipt_no")
    return f"{plain[:5]}-{plain[5:]}"


def validate_applicant_id(raw: str, *, today: dt.date | None = None) -> str:
    """A valid ID number (GB 11643) of an applicant who is 18 or older today."""
    if not (raw or "").strip():
        raise ValidationError(MSG_ID_REQUIRED, code="required")
    info = idnumber.parse(raw)
    if age_on(info.birth_date, today or timezone.localdate()) < APPLICANT_MIN_AGE:
        raise ValidationError(MSG_APPLICANT_MINOR, code="applicant_minor")
    return info.number


def validate_situation(raw: str) -> str:
    # A browser sends a typed line break as CRLF: one character, as the page's counter (js/char_count.js) counts it.
    text = (raw or "").replace("\r\n", "\n").strip()
    if len(text) < SITUATION_MIN:
        raise ValidationError(MSG_SITUATION_SHORT.format(n=SITUATION_MIN), code="situation_short")
    if len(text) > SITUATION_MAX:
        raise ValidationError(MSG_SITUATION_LONG.format(n=SITUATION_MAX), code="situation_long")
    if len(_WORD_CHAR.findall(text)) < SITUATION_MIN_WORDS:
        raise ValidationError(MSG_SITUATION_NO_TEXT.format(n=SITUATION_MIN_WORDS), code="situation_no_text")
    return text


def validate_name(raw: str) -> str:
    """The applicant's name under the registry's rule for a member's name (households.names): the name the cadre
    finds in the registry, prints on the publicity notice and exports."""
    name = normalize_name(raw or "")
    joined = "".join(name.split())
    if name_error(name) and not name_error(joined):
        name = joined  # "张 大山": the spaces a phone keyboard leaves in a Chinese name are not part of it
    if not name:
        raise ValidationError(MSG_NAME_REQUIRED, code="required")
    if len(name) > NAME_MAX:
        raise ValidationError(MSG_NAME_LONG, code="name_long")
    if message := name_error(name):
        raise ValidationError(message, code="name_invalid")
    return name


def may_file_for(user: Any, village: Region) -> bool:
    """A logged-in village cadre (or township, county staff) who may edit this village's registry files the public
    form on the farmer's behalf (seed 003 §二(4) 委托村干部代为填写): recorded as 代为申报, not held to the per-address
    limit meant for anonymous use."""
    if not user_can(user, Capability.REGISTRY_EDIT):
        return False
    prefix = user_scope_prefix(user)
    return prefix is not None and village.path.startswith(prefix)


def _clean_submission(
    *, name: str, id_number: str, phone: str, risk_types: list[str], situation: str, consent: bool, filed: bool
) -> dict[str, Any]:
    """Every rule of the public form, so that any caller (the page, a test, a future channel) is held to them; a
    filed application (代为申报) may give a landline or no phone (validate_filed_phone)."""
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for field, check, raw in (("name", validate_name, name),):
        try:
            values[field] = check(raw)
        except ValidationError as error:
            errors[field] = error.messages[0]
    for field, check, raw in (
        ("id_number", validate_applicant_id, id_number),
        ("phone", validate_filed_phone if filed else validate_phone, phone),
        ("situation", validate_situation, situation),
    ):
        try:
            values[field] = check(raw)
        except ValidationError as error:
            errors[field] = error.messages[0]
    risk_types = list(dict.fromkeys(risk_types or []))
    if not risk_types:
        errors["risk_types"] = MSG_DIFFICULTY_REQUIRED
    elif any(code not in RiskType.values for code in risk_types):
        errors["risk_types"] = MSG_DIFFICULTY_BAD
    values["risk_types"] = risk_types
    if not consent:
        errors["consent"] = MSG_CONSENT_REQUIRED
    if errors:
        raise ValidationError(errors)
    return values


def application_submit(
    *,
    village: Region,
    name: str,
    id_number: str,
    phone: str,
    risk_types: list[str],
    situation: str,
    consent: bool,
    client_ip: str | None = None,
    filed_by: Any = None,
) -> str:
    """Store a public submission and return its receipt number.

    The answer never depends on the registry or on earlier applications: the public page must not tell whether an
    ID number is known or has applied. So a repeated submission is never refused and never answered with the first
    receipt (that would confirm the earlier one). Repeats are merged only when the ID number AND the phone match a
    pending application of the same village: that is the same farmer sending again, whose new words join the
    application as a supplement with a receipt of its own (the village sees one application; nothing sent is lost
    and nothing of the first submission is overwritten). A submission with the same ID number but another phone
    becomes an application of its own, because the status lookup is keyed by ID number + phone: merging it would
    let anyone who knows someone's ID number attach their own phone and read that person's status and decline
    reason. The village sees such same-ID applications side by side (application detail) and decides each.
    Once an application is decided, a new submission starts a new application."""
    values = _clean_submission(
        name=name,
        id_number=id_number,
        phone=phone,
        risk_types=risk_types,
        situation=situation,
        consent=consent,
        filed=filed_by is not None,
    )
    receipt_no = new_receipt_no()
    now = timezone.now()
    with transaction.atomic():
        pending = _pending_for(village, values["id_number"], values["phone"])
        if pending is None:
            try:
                with transaction.atomic():
                    application = Application.objects.create(
                        receipt_no=receipt_no,
                        village=village,
                        region_path=village.path,
                        consent_given=True,
                        consent_at=now,
                        consent_version=CONSENT_VERSION,
                        client_ip=client_ip,
                        submitted_at=now,
                        filed_by=filed_by,
                        **values,
                    )
            except IntegrityError:
                # A concurrent first submission by the same ID number won the partial unique index.
                pending = _pending_for(village, values["id_number"], values["phone"])
                if pending is None:
                    raise
            else:
                _audit_public(application, "application_submit", f"收到自主申报（回执号 {receipt_no}）", filed_by)
                return receipt_no
        ApplicationSupplement.objects.create(
            application=pending,
            region_path=pending.region_path,
            receipt_no=receipt_no,
            name=values["name"],
            risk_types=values["risk_types"],
            situation=values["situation"],
            consent_at=now,
            consent_version=CONSENT_VERSION,
            client_ip=client_ip,
            submitted_at=now,
        )
        merged = list(dict.fromkeys([*pending.risk_types, *values["risk_types"]]))
        Application.objects.filter(pk=pending.pk).update(risk_types=merged, updated_at=now)
        _audit_public(pending, "application_supplement", f"收到补充申报（回执号 {receipt_no}）", filed_by)
    return receipt_no


def application_file(
    *,
    actor: Any,
    village: Region,
    name: str,
    id_number: str,
    phone: str,
    risk_types: list[str],
    situation: str,
    consent: bool,
) -> str:
    """代为申报 (seed 003 §二(4) 委托村干部代为填写): a cadre, township or county officer who may edit the village's
    registry files the farmer's application, recorded as its filer (filed_by, the audit row's actor). Held to every
    rule of the public form; the receipt number is the farmer's, as on the page."""
    _ensure_link_village(actor, village)
    return application_submit(
        village=village,
        name=name,
        id_number=id_number,
        phone=phone,
        risk_types=risk_types,
        situation=situation,
        consent=consent,
        filed_by=actor,
    )


def _pending_for(village: Region, id_number: str, phone: str) -> Application | None:
    return (
        Application.objects.select_for_update()
        .filter(village=village, id_number=id_number, phone=phone, status__in=PENDING_STATUSES)
        .first()
    )


def _audit_public(application: Application, action: str, summary: str, filed_by: Any = None) -> None:
    """Audited as the public's, or as the filer's when one filed it, named by their role (村干部/网格员,
    乡镇工作人员, 县乡村振兴局 …代为申报), not always 村干部."""
    if filed_by is not None:
        audit_record(
            actor=filed_by,
            action=f"workflow.{action}",
            summary=f"{application.village.name}：{summary}，{filed_by.get_role_display()}代为申报",
            target=application,
        )
        return
    audit_record(
        actor=None,
        actor_username=PUBLIC_ACTOR,
        action=f"workflow.{action}",
        summary=f"{application.village.name}：{summary}",
        target=application,
    )


@transaction.atomic
def application_link_for(*, actor: Any, village: Region) -> ApplicationLink:
    """The village's active public link (created on the first poster, replaced only by application_link_rotate).
    Cadres, township and county may print it."""
    _ensure_link_village(actor, village)
    link = ApplicationLink.objects.filter(village=village, revoked_at__isnull=True).first()
    if link is not None:
        return link
    # The village row serialises the first poster with a colleague's (or a 重新生成二维码): the one that waited finds
    # the link the other made, so the partial unique constraint is never hit and a poster never fails.
    Region.objects.select_for_update().filter(pk=village.pk).first()
    link = ApplicationLink.objects.filter(village=village, revoked_at__isnull=True).first()
    if link is not None:
        return link
    link = _link_create(actor, village)
    audit_record(
        actor=actor,
        action="workflow.application_link_create",
        summary=f"{village.name}：生成自主申报二维码",
        target=link,
    )
    return link


@transaction.atomic
def application_link_rotate(*, actor: Any, village: Region) -> ApplicationLink:
    """重新生成二维码: the village's link is being abused (or a poster went where it should not). The old token stops
    at once (its public page says so, selectors.public_village) and a new one is made; every printed poster of the
    village has to be replaced. Applications already made through the old one are untouched."""
    _ensure_link_village(actor, village)
    # The village row serialises two rotations (and a first poster) of one village: each revokes what the one
    # before it made, and the partial unique constraint never sees two active links.
    Region.objects.select_for_update().filter(pk=village.pk).first()
    revoked = ApplicationLink.objects.filter(village=village, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    link = _link_create(actor, village)
    if revoked:
        action, summary = "workflow.application_link_rotate", f"{village.name}：重新生成自主申报二维码，原二维码已停用"
    else:
        action, summary = "workflow.application_link_create", f"{village.name}：生成自主申报二维码"
    audit_record(actor=actor, action=action, summary=summary, target=link)
    return link


def _ensure_link_village(actor: Any, village: Region) -> None:
    ensure_can_edit(actor, village.path)
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError(MSG_NOT_A_VILLAGE)


def _link_create(actor: Any, village: Region) -> ApplicationLink:
    return ApplicationLink.objects.create(
        village=village, region_path=village.path, token=secrets.token_urlsafe(16), created_by=actor
    )
