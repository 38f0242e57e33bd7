"""The home tile of self-application (accounts.tiles): new applications waiting for the village."""

from accounts.roles import Capability
from accounts.tiles import Tile, register
from workflow.selectors_applications import new_application_count


def register_tiles() -> None:
    register(
        Tile(
            "applications",
            "自主申报",
            "农户扫码提交、待入户核实的申报",
            "workflow:applications",
            Capability.REGISTRY_EDIT,
            new_application_count,
            query="?status=submitted",
            order=25,
        )
    )
