"""What each role may do. One table, read by views, API permissions and navigation alike."""

from accounts.choices import Role


class Capability:
    REGISTRY_VIEW = "registry.view"
    REGISTRY_EDIT = "registry.edit"
    REGISTRY_IMPORT = "registry.import"  # the go-live import of a whole county's registry
    USERS_MANAGE = "users.manage"
    SECURITY_MANAGE = "security.manage"
    AUDIT_READ = "audit.read"
    FEEDS_UPLOAD = "feeds.upload"
    REPORTS_VIEW = "reports.view"


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


def role_can(role: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())


def sees_registry(role: str) -> bool:
    """Department clerks and the three administrators see no household registry (PIPL: need to know)."""
    return role_can(role, Capability.REGISTRY_VIEW)
