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
