"""What each role may do. One table, read by views, API permissions and navigation alike."""

from accounts.choices import Department, Role


class Capability:
    REGISTRY_VIEW = "registry.view"
    REGISTRY_EDIT = "registry.edit"
    REGISTRY_IMPORT = "registry.import"  # the go-live import of a whole county's registry
    USERS_MANAGE = "users.manage"
    SECURITY_MANAGE = "security.manage"
    AUDIT_READ = "audit.read"
    FEEDS_UPLOAD = "feeds.upload"
    REPORTS_VIEW = "reports.view"
    # The ledgers page: every ledger of one's scope with REPORTS_VIEW; without it (a village), the ledgers the
    # village keeps for itself (reports.ledgers.VILLAGE_LEDGERS).
    LEDGERS_DOWNLOAD = "reports.ledgers"
    ASSISTANCE_EDIT = "assistance.edit"  # plans, measures, help contacts, return visits, 防贫保 claims
    DEPARTMENT_MEASURES = "assistance.department"  # a clerk's list of measures their department is responsible for
    # Reading the labour employment ledger (脱贫劳动力就业台账: its page, API and export): whoever reads the registry,
    # and the 人社 clerk, who leads it county-wide (DEPARTMENT_CAPABILITIES).
    EMPLOYMENT_VIEW = "assistance.employment_view"
    # Acting in the identification and exit procedures (cases, applications, objections, comparisons, batches): the
    # roles a procedure step may name (workflow.services.procedure_config.STEP_ROLES). Which step is whose is the
    # services' check; this one lets the API refuse a role that only reads (the official) before reading the body.
    CASES_ACT = "workflow.act"


CAPABILITIES: dict[str, frozenset[str]] = {
    Role.VILLAGE_CADRE: frozenset({Capability.REGISTRY_VIEW, Capability.REGISTRY_EDIT}),
    Role.WORK_TEAM: frozenset({Capability.REGISTRY_VIEW, Capability.REGISTRY_EDIT}),
    Role.TOWNSHIP_OFFICER: frozenset({Capability.REGISTRY_VIEW, Capability.REGISTRY_EDIT, Capability.REPORTS_VIEW}),
    Role.COUNTY_OFFICER: frozenset(
        {Capability.REGISTRY_VIEW, Capability.REGISTRY_EDIT, Capability.REGISTRY_IMPORT, Capability.REPORTS_VIEW}
    ),
    Role.COUNTY_APPROVER: frozenset({Capability.REGISTRY_VIEW, Capability.REPORTS_VIEW}),
    Role.OFFICIAL: frozenset({Capability.REGISTRY_VIEW, Capability.REPORTS_VIEW}),
    Role.DEPARTMENT_CLERK: frozenset({Capability.FEEDS_UPLOAD}),
    Role.SYSTEM_ADMIN: frozenset({Capability.USERS_MANAGE}),
    Role.SECURITY_ADMIN: frozenset({Capability.SECURITY_MANAGE}),
    Role.AUDIT_ADMIN: frozenset({Capability.AUDIT_READ}),
}

# Assistance (issue 7), added to the table above without touching its rows.
for _role in (Role.VILLAGE_CADRE, Role.WORK_TEAM, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER):
    CAPABILITIES[_role] = CAPABILITIES[_role] | {Capability.ASSISTANCE_EDIT}
CAPABILITIES[Role.DEPARTMENT_CLERK] = CAPABILITIES[Role.DEPARTMENT_CLERK] | {Capability.DEPARTMENT_MEASURES}

# Procedures, likewise: every role a step may name; the official (领导只读) only reads.
for _role in (Role.VILLAGE_CADRE, Role.WORK_TEAM, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER):
    CAPABILITIES[_role] = CAPABILITIES[_role] | {Capability.CASES_ACT}

# Ledgers (review "assistance" finding 6), likewise: whoever reads reports downloads ledgers, and the village cadre
# and work team download their own village's (000 §五(二): 乡村两级和驻村工作队…管理台账).
for _role, _capabilities in CAPABILITIES.items():
    if Capability.REPORTS_VIEW in _capabilities or _role in (Role.VILLAGE_CADRE, Role.WORK_TEAM):
        CAPABILITIES[_role] = _capabilities | {Capability.LEDGERS_DOWNLOAD}


# The employment ledger, likewise: whoever reads the registry reads it.
for _role, _capabilities in CAPABILITIES.items():
    if Capability.REGISTRY_VIEW in _capabilities:
        CAPABILITIES[_role] = _capabilities | {Capability.EMPLOYMENT_VIEW}

# What a department clerk may besides the role's own, by the department (User.department): the work the seeds give
# a department to lead. 004 (六): 脱贫劳动力就业台账〔由县人社局牵头负责〕, quarterly summary to 乡村振兴局: the 人社
# clerk reads the ledger county-wide, read-only (no registry: assistance.selectors_employment scopes it).
DEPARTMENT_CAPABILITIES: dict[str, frozenset[str]] = {
    Department.HUMAN_RESOURCES: frozenset({Capability.EMPLOYMENT_VIEW}),
}


def role_can(role: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())


def department_can(role: str, department: str, capability: str) -> bool:
    """The department-dependent capabilities of a department clerk (DEPARTMENT_CAPABILITIES); none for other roles."""
    return role == Role.DEPARTMENT_CLERK and capability in DEPARTMENT_CAPABILITIES.get(department or "", frozenset())


def sees_registry(role: str) -> bool:
    """Department clerks and the three administrators see no household registry (PIPL: need to know)."""
    return role_can(role, Capability.REGISTRY_VIEW)
