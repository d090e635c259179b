"""/api/data/: the catalogue, Croissant, trusts, access requests and entitlements, gaps."""

from ninja import Router

from aigov.data.api import access, catalogue

router = Router(tags=["data"])
router.add_router("", catalogue.router)
router.add_router("", access.router)

__all__ = ["router"]
