"""The procedures shipped from the seeds (DOMAIN.md "Identification procedure", "Exit"). Plain data, read by the
data migration 0002 on a new database (an existing one is brought to a changed preset by a migration of its own,
e.g. 0011 for Yongxiu's township duties); a county switches between them with services.procedures.procedure_activate."""

# (code, name, kind, region_prefix, is_active, limit_days, source, steps)
# step: (code, name, role, kind, days, day_type, parallel_with_next, skippable_when_clear)
PRESETS = [
    (
        "yongxiu_identification",
        "永修县监测对象识别程序",
        "identification",
        "360425",
        True,
        None,
        "永党农字〔2021〕3号 §三(三)1-6",
        [
            ("village_review", "村级评议", "village_cadre", "village_review", None, "", False, False),
            ("village_publicity", "村级公示", "village_cadre", "publicity", 5, "calendar", False, False),
            # §三(三)3: 乡镇汇总并初步审核村级报送的名单后上报县乡村振兴局, before the county compares.
            ("township_preliminary", "乡镇汇总初审", "township_officer", "township_audit", None, "", False, False),
            ("county_comparison", "县级部门比对", "county_officer", "department_comparison", None, "", False, False),
            ("township_audit", "乡镇审核", "township_officer", "township_audit", None, "", False, False),
            ("township_publicity", "乡镇审核后再次公示", "township_officer", "publicity", 5, "calendar", False, False),
            ("county_approval", "县级审批", "county_approver", "county_approval", None, "", False, False),
            # §三(三)6: 乡镇对县级批复的名单在乡村两级公告，在国家系统…录入、标识 — the township's, not the county's.
            ("announcement", "公告并标识", "township_officer", "announcement", None, "", False, False),
        ],
    ),
    (
        "laiyuan_identification",
        # No step count in the name: it has five steps (0028 renamed the earlier "（4步）").
        "涞源县监测对象认定程序",
        "identification",
        "130630",
        True,
        15,
        "涞巩固拓展〔2022〕3号 §三-四",
        [
            ("household_check", "入户核查核实", "village_cadre", "household_verification", None, "", False, False),
            # 001 §三 gives the publicity no length: 5 calendar days, as its exit's (laiyuan_exit) and DOMAIN.md's.
            # The step is the village's review too (REVIEW_STEPS).
            ("village_review_publicity", "村级评议公示", "village_cadre", "publicity", 5, "calendar", True, False),
            ("township_check", "乡镇核查初审", "township_officer", "township_audit", None, "", False, False),
            ("county_comparison", "县级比对", "county_officer", "department_comparison", None, "", False, True),
            # 001 §五: 认定…由县乡村振兴部门组织 — decided by the county bureau, with no 批复文号 (NUMBERLESS_STEPS).
            ("county_approval", "县级审定", "county_officer", "county_approval", None, "", False, False),
        ],
    ),
    (
        "taogou_identification",
        "桃沟乡监测对象识别程序",
        "identification",
        # Anhui; the seed names no division code. Shipped inactive on this placeholder: active, it would be the
        # procedure of every county of Anhui running none of its own. The district installing it sets its own prefix
        # and activates it (在本县启用此程序, services.procedures.procedure_switch); 0028 on existing databases.
        "340000",
        False,
        None,
        "桃沟乡集中排查实施方案 §二2(4)",
        [
            ("group_review", "村民小组评议", "village_cadre", "village_review", None, "", False, False),
            ("village_review", "村两委核实评议", "village_cadre", "village_review", None, "", False, False),
            ("village_publicity", "村内公示", "village_cadre", "publicity", 5, "working", True, False),
            ("district_comparison", "区级数据比对", "county_officer", "department_comparison", None, "", False, False),
            ("township_review", "乡党委政府审核", "township_officer", "township_audit", None, "", False, False),
            ("district_filing", "区级备案公告", "county_officer", "announcement", None, "", False, False),
        ],
    ),
    (
        "yongxiu_exit",
        "永修县风险消除程序",
        "exit",
        "360425",
        True,
        None,
        "永党农字〔2021〕3号 §三(三)8",
        [
            ("village_review", "村级评议", "village_cadre", "village_review", None, "", False, False),
            ("village_publicity", "村内公示", "village_cadre", "publicity", 5, "calendar", False, False),
            ("township_audit", "乡镇审核", "township_officer", "township_audit", None, "", False, False),
            ("county_approval", "县级审批", "county_approver", "county_approval", None, "", False, False),
            # 000 §三(三)8 "在监测系统中及时标注'风险消除'" (003 §二2(5): 备案公告，并在全国防止返贫监测信息系统中标注):
            # the township's, as the identification's 公告并标识. The household is marked at the county's approval
            # (services.outcomes); this step records the announcement and the national system's marking.
            ("announcement", "公告并标注风险消除", "township_officer", "announcement", None, "", False, False),
        ],
    ),
    (
        "laiyuan_exit",
        "涞源县风险消除程序",
        "exit",
        "130630",
        True,
        None,
        "涞巩固拓展〔2022〕3号 §五",
        [
            # 001 §五: 认定和风险消除环节，由县乡村振兴部门组织乡村干部按规定履行程序 — the steps of DOMAIN.md "Exit".
            ("village_review", "村级评议", "village_cadre", "village_review", None, "", False, False),
            # 001 gives neither the exit's publicity a length nor its identification's (村级评议公示) a day type;
            # DOMAIN.md "Exit": 公示不少于5天, counted in calendar days as 000 §三(三)2's.
            ("village_publicity", "村级公示", "village_cadre", "publicity", 5, "calendar", False, False),
            ("township_audit", "乡镇审核", "township_officer", "township_audit", None, "", False, False),
            # The household is marked 风险消除 at the county's approval (services.outcomes), which ends the case,
            # as the Laiyuan identification ends at its 县级审定: 001 names no marking step of its own. 001 §五: the
            # county bureau decides it, with no 批复文号 (NUMBERLESS_STEPS).
            ("county_approval", "县级审定", "county_officer", "county_approval", None, "", False, False),
        ],
    ),
    (
        "taogou_exit",
        "桃沟乡风险消除程序",
        "exit",
        # As taogou_identification: inactive on the placeholder until the district installing it sets its prefix.
        "340000",
        False,
        None,
        "桃沟乡集中排查实施方案 §二2(5)",
        [
            ("village_review", "村两委评议", "village_cadre", "village_review", None, "", False, False),
            # 003 §二2(5) gives the exit's publicity no length; its identification's is 不少于5天工作日 (§二2(4)).
            ("village_publicity", "村内公示", "village_cadre", "publicity", 5, "working", False, False),
            ("township_review", "乡党委政府审核", "township_officer", "township_audit", None, "", False, False),
            # No county approval precedes: the district's filing is the decision, which marks the household 风险消除
            # when the case closes (services.case_moves._close) and asks the exit's rules again (services.pass_rules).
            ("district_filing", "区级备案公告并标注风险消除", "county_officer", "announcement", None, "", False, False),
        ],
    ),
]


# The procedures with a green channel (Procedure.green_channel): 001 §四 开辟“绿色通道”, Laiyuan's alone; 000 and 003
# have none.
GREEN_CHANNEL = {"laiyuan_identification"}

# The publicity steps that are the village's review as well (Step.with_review): 001 §三 村级评议公示.
REVIEW_STEPS = {("laiyuan_identification", "village_review_publicity")}


# The steps that pass only with a visit to the household recorded since the case was found (Step.needs_visit):
# 000 §三(三)2 村委会…上户核实 before the village's meeting; 001 §三 入户核查核实 (§四 "经入户核查"). 003 §二2(4) has
# the village committee 核实 and names no visit. An exit's village review too (0040): 000 §三(三)8 and 003 §二2(5)
# eliminate only a risk 稳定消除 — 收入持续稳定、"两不愁三保障"和饮水安全持续巩固 — which the village finds at the
# household, as it does before a re-mark (the identification's review); no labour capacity, which keeps a household
# monitored, is seen there too. A county may switch it off in the admin.
VISIT_STEPS = {
    ("yongxiu_identification", "village_review"),
    ("laiyuan_identification", "household_check"),
    ("yongxiu_exit", "village_review"),
    ("laiyuan_exit", "village_review"),
    ("taogou_exit", "village_review"),
}


# The county approvals decided without a 批复文号 (Step.needs_approval_number unset): 001 §五 "防止返贫监测对象的认定和
# 风险消除环节，由县乡村振兴部门组织乡村干部按规定履行程序" — the county bureau's 审定, no leading group's 批复.
# 000 §三(三)5 (报县委农村工作领导小组审批，批复相关乡镇) and its exit's 县级审批 (§三(三)8) keep theirs; 003 and 004
# have no county approval step.
NUMBERLESS_STEPS = {("laiyuan_identification", "county_approval"), ("laiyuan_exit", "county_approval")}


def install(procedure_model, step_model) -> None:
    # 0002 installs with the historical Step, before later fields exist; the migration that added each sets it on
    # the rows already there (with_review: 0027; the procedure's green_channel: 0031; needs_visit: 0032;
    # needs_approval_number and the Laiyuan approvals' role: 0033).
    fields = {field.name for field in step_model._meta.get_fields()}
    procedure_fields = {field.name for field in procedure_model._meta.get_fields()}
    for code, name, kind, prefix, active, limit, source, steps in PRESETS:
        defaults = {
            "name": name,
            "kind": kind,
            "region_prefix": prefix,
            "is_active": active,
            "limit_days": limit,
            "source": source,
        }
        if "green_channel" in procedure_fields:  # green_channel: 0031
            defaults["green_channel"] = code in GREEN_CHANNEL
        procedure, _ = procedure_model.objects.update_or_create(code=code, defaults=defaults)
        for order, (scode, sname, role, skind, days, day_type, parallel, skippable) in enumerate(steps, start=1):
            defaults = {
                "order": order,
                "name": sname,
                "role": role,
                "kind": skind,
                "days": days,
                "day_type": day_type,
                "parallel_with_next": parallel,
                "skippable_when_clear": skippable,
                "with_review": (code, scode) in REVIEW_STEPS,
                "needs_visit": (code, scode) in VISIT_STEPS,
                "needs_approval_number": skind == "county_approval" and (code, scode) not in NUMBERLESS_STEPS,
            }
            defaults = {name: value for name, value in defaults.items() if name in fields}
            step_model.objects.update_or_create(procedure=procedure, code=scode, defaults=defaults)
