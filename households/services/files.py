"""Serving the registry's uploaded files: each opening is recorded in the audit log (accounts.file_access).

The signed consent's scan (承诺和授权查询书, seed 003 附件1) carries every member's full ID number and signature. The
read-only roles (officials, the county leading group) see ID numbers masked everywhere (households.privacy) and
need only to know that a consent is on file, which the consent tab shows them; the scan would undo the masking, so
it is refused to them. Whoever keeps the registry (village, township, county bureau staff) may open it.

The printable consent form and 基础信息采集表 list every member's full ID number (and the phone) for the same
people, so rendering one is recorded like opening the scan, with the household as its target."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse

from accounts.file_access import (
    CONSENT_PRINT,
    CONSENT_SCAN_VIEW,
    FORM_SHEET_PRINT,
    VISIT_PHOTO_VIEW,
    personal_file_response,
    personal_print_record,
)
from households.models import Consent, Household, Visit
from households.privacy import sees_personal_numbers

MSG_NO_CONSENT_SCAN = (
    "您的角色只能看到该户已签署授权书，不能查看扫描件：扫描件载有全家成员的完整身份证号和签名。"
    "如需核对，请联系乡镇或县乡村振兴局的档案管理人员。"
)


def consent_scan_open(*, actor: Any, consent: Consent) -> FileResponse:
    """The scan of a consent the caller looked up in the actor's scope."""
    if not sees_personal_numbers(actor):
        raise PermissionDenied(MSG_NO_CONSENT_SCAN)
    household = consent.household
    signed = f"{consent.signed_on:%Y-%m-%d} 签署的承诺和授权查询书扫描件"
    return personal_file_response(
        actor=actor,
        field_file=consent.scan,
        action=CONSENT_SCAN_VIEW,
        target=consent,
        summary=f"查看户编号 {household.number}（户主 {household.head_name}）{signed}",
    )


def visit_photo_open(*, actor: Any, visit: Visit) -> FileResponse:
    """The photo of a visit the caller looked up in the actor's scope."""
    household = visit.household
    return personal_file_response(
        actor=actor,
        field_file=visit.photo,
        action=VISIT_PHOTO_VIEW,
        target=visit,
        summary=f"查看户编号 {household.number}（户主 {household.head_name}）{visit.visited_on:%Y-%m-%d} 走访的照片",
    )


def consent_print_record(*, actor: Any, household: Household) -> None:
    personal_print_record(
        actor=actor,
        action=CONSENT_PRINT,
        target=household,
        summary=f"打印户编号 {household.number}（户主 {household.head_name}）的承诺和授权查询书",
        full_numbers=sees_personal_numbers(actor),
    )


def form_sheet_print_record(*, actor: Any, household: Household) -> None:
    personal_print_record(
        actor=actor,
        action=FORM_SHEET_PRINT,
        target=household,
        summary=f"打印户编号 {household.number}（户主 {household.head_name}）的基础信息采集表",
        full_numbers=sees_personal_numbers(actor),
    )
