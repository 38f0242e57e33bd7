"""Code lists of the accounts app: stable English values, Chinese labels (DOMAIN.md "People")."""

from django.db import models


class Role(models.TextChoices):
    VILLAGE_CADRE = "village_cadre", "村干部/网格员"
    WORK_TEAM = "work_team", "驻村工作队"
    TOWNSHIP_OFFICER = "township_officer", "乡镇工作人员"
    COUNTY_OFFICER = "county_officer", "县乡村振兴局"
    COUNTY_APPROVER = "county_approver", "县领导小组"
    DEPARTMENT_CLERK = "department_clerk", "行业部门"
    OFFICIAL = "official", "领导/只读"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# 三权分立: these three are created at installation (manage.py create_admin_accounts) and never
# granted by the system admin, who would otherwise hand themselves the audit log.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# Roles whose scope is one village.
VILLAGE_ROLES = frozenset({Role.VILLAGE_CADRE, Role.WORK_TEAM})

# Roles whose scope is the whole county (DOMAIN.md "People"): the county bureau compares and prepares the batches and
# the leading group approves them for every township; a department clerk uploads the county department's feeds and
# follows their alerts wherever they land. One township or village would cut each of them off from their work, and
# would make a "county" approval of one village's households possible. 领导/只读 keep any region ("a region").
COUNTY_ROLES = frozenset({Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.DEPARTMENT_CLERK})


class Approval(models.TextChoices):
    """Where an account stands with the security admin (三员: the system admin creates accounts, the security admin
    grants their role and scope; accounts.approvals). Blank: approved, or never needed (made on the server)."""

    APPROVED = "", "已审核"
    NEW = "new", "新建账号待审核"
    RESET = "reset", "重置密码待审核"
    CHANGE = "change", "角色或管辖区划变更待审核"
    REFUSED = "refused", "审核未通过"
    # A refused account the system admin has corrected since (accounts.approval_resubmit): before the security admin
    # again, its refusal's reason kept for the review.
    RESUBMITTED = "resubmitted", "已重新提交待审核"


class Department(models.TextChoices):
    EMERGENCY = "emergency", "应急管理局"
    HEALTH = "health", "卫生健康委员会"
    EDUCATION = "education", "教育局"
    MEDICAL_INSURANCE = "medical_insurance", "医疗保障局"
    HOUSING = "housing", "住房和城乡建设局"
    WATER = "water", "水利局"
    HUMAN_RESOURCES = "human_resources", "人力资源和社会保障局"
    CIVIL_AFFAIRS = "civil_affairs", "民政局"
    DISABLED_FEDERATION = "disabled_federation", "残疾人联合会"
    AGRICULTURE = "agriculture", "农业农村局"
    PUBLIC_SECURITY = "public_security", "公安局"
    CYBERSPACE = "cyberspace", "网信办"
    RURAL_REVITALIZATION = "rural_revitalization", "乡村振兴局"
    # Leads of 以工代赈 and 消费帮扶 (000 §四(二); 004 (七)(十)(十二)).
    DEVELOPMENT_REFORM = "development_reform", "发展和改革局"
    INDUSTRY_IT = "industry_it", "工业和信息化局"
    # The other units the seeds make responsible for help (000 §四 责任单位; 004 〔…按职责配合〕) or ask for data
    # (003 承诺和授权查询书: 公安、工商、税务、金融). Labels as the county writes them; 工商 is now 市场监督管理局, and
    # the county branch of 人民银行 and the 银保监局 are the 金融 units a family's deposits and loans are asked of.
    FINANCE = "finance", "财政局"
    SCIENCE_TECHNOLOGY = "science_technology", "科学技术局"
    FORESTRY = "forestry", "林业局"
    COMMERCE = "commerce", "商务局"
    TRANSPORT = "transport", "交通运输局"
    NATURAL_RESOURCES = "natural_resources", "自然资源局"
    STATE_ASSETS = "state_assets", "国资委"
    MARKET_REGULATION = "market_regulation", "市场监督管理局"
    TAXATION = "taxation", "税务局"
    PEOPLES_BANK = "peoples_bank", "人民银行县支行"
    BANKING_INSURANCE = "banking_insurance", "银保监局"
    ORGANIZATION = "organization", "县委组织部"
    PUBLICITY = "publicity", "县委宣传部"
    UNITED_FRONT = "united_front", "县委统战部"
    POLITICS_LAW = "politics_law", "县委政法委"
    CIVILIZATION_OFFICE = "civilization_office", "文明办"
    ORGANS_WORK_COMMITTEE = "organs_work_committee", "县直机关工委"
    SUPPLY_MARKETING = "supply_marketing", "供销合作社"
    SCIENCE_ASSOCIATION = "science_association", "科学技术协会"
    TRADE_UNION = "trade_union", "总工会"
    WOMEN_FEDERATION = "women_federation", "妇女联合会"
    YOUTH_LEAGUE = "youth_league", "团县委"
    COMMERCE_FEDERATION = "commerce_federation", "工商业联合会"


# Other names a county writes for its departments (the user import reads them; 县财政局 is read without its 县).
DEPARTMENT_ALIASES = {
    "应急局": Department.EMERGENCY,
    "应急管理": Department.EMERGENCY,
    "卫健委": Department.HEALTH,
    "卫健局": Department.HEALTH,
    "卫生健康局": Department.HEALTH,
    "医保局": Department.MEDICAL_INSURANCE,
    "住建局": Department.HOUSING,
    "人社局": Department.HUMAN_RESOURCES,
    "残联": Department.DISABLED_FEDERATION,
    "农业农村": Department.AGRICULTURE,
    "农业局": Department.AGRICULTURE,
    "县委网信办": Department.CYBERSPACE,
    "发改局": Department.DEVELOPMENT_REFORM,
    "发改委": Department.DEVELOPMENT_REFORM,
    "发展和改革委员会": Department.DEVELOPMENT_REFORM,
    "工信局": Department.INDUSTRY_IT,
    # As the seeds write them (000 §四 责任单位; 003; 004).
    "教体局": Department.EDUCATION,
    "教育体育局": Department.EDUCATION,
    "住建管理局": Department.HOUSING,
    "科技局": Department.SCIENCE_TECHNOLOGY,
    "交通局": Department.TRANSPORT,
    "国资局": Department.STATE_ASSETS,
    "国资办": Department.STATE_ASSETS,
    "市场监管局": Department.MARKET_REGULATION,
    "工商局": Department.MARKET_REGULATION,
    "人民银行": Department.PEOPLES_BANK,
    "人行": Department.PEOPLES_BANK,
    "银保监": Department.BANKING_INSURANCE,
    "金融监管支局": Department.BANKING_INSURANCE,
    "组织部": Department.ORGANIZATION,
    "宣传部": Department.PUBLICITY,
    "统战部": Department.UNITED_FRONT,
    "政法委": Department.POLITICS_LAW,
    "机关工委": Department.ORGANS_WORK_COMMITTEE,
    "供销社": Department.SUPPLY_MARKETING,
    "科协": Department.SCIENCE_ASSOCIATION,
    "妇联": Department.WOMEN_FEDERATION,
    "共青团": Department.YOUTH_LEAGUE,
    "工商联": Department.COMMERCE_FEDERATION,
}
