"""/api/capacity/nodes: the network's nodes."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aigov.capacity import selectors
from aigov.capacity.models import Node
from aigov.core.api import Page
from aigov.core.translation import pick

router = Router()


class CapacityNodeOut(Schema):
    slug: str
    name: str
    kind: str
    region: str
    country: str | None
    services: list[str]
    languages: list[str]
    is_demo: bool

    @staticmethod
    def resolve_name(obj: Node) -> str:
        return pick(obj.names).text

    @staticmethod
    def resolve_country(obj: Node) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_languages(obj: Node) -> list[str]:
        return sorted(language.tag for language in obj.languages.all())


@router.get(
    "/nodes",
    response=list[CapacityNodeOut],
    summary="Nodes of the capacity development network",
    operation_id="capacity_nodes",
)
@paginate(Page)
def nodes(request: HttpRequest) -> Any:
    return selectors.node_list()
