"""/api/capacity/offerings/{slug}/content: a self-paced course's modules, lessons and quiz."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from aigov.accounts.api import actor_auth
from aigov.capacity import selectors, services
from aigov.core.errors import NotFound

router = Router()


class CourseContentIn(Schema):
    modules: list[dict[str, Any]] = Field(..., min_length=1, max_length=200)


class CourseContentOut(Schema):
    """A course's content as it is: no modules yet for a course nobody has built."""

    modules: list[dict[str, Any]]


@router.get(
    "/offerings/{slug}/content",
    response=CourseContentOut,
    auth=actor_auth,
    summary="A self-paced course's modules, lessons and quiz questions (its editors)",
    operation_id="capacity_offering_content",
)
def offering_content(request: HttpRequest, slug: str) -> Any:
    offering = selectors.offering_get(actor=request.user, slug=slug)
    if not selectors.can_change_offering(actor=request.user, offering=offering):
        raise NotFound()
    return {"modules": selectors.course_content(offering=offering)}


@router.put(
    "/offerings/{slug}/content",
    response=CourseContentOut,
    auth=actor_auth,
    summary="Replace a course's content before anyone enrols (its editors)",
    operation_id="capacity_offering_content_set",
)
def offering_content_set(request: HttpRequest, slug: str, payload: CourseContentIn) -> Any:
    offering = selectors.offering_get(actor=request.user, slug=slug)
    services.course_content_set(actor=request.user, offering=offering, modules=payload.modules)
    return {"modules": selectors.course_content(offering=offering)}
