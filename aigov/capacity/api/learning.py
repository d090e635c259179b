"""/api/capacity/enrolments: a learner's own enrolments."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.capacity import selectors
from aigov.capacity.models import Enrolment
from aigov.core.api import Page

router = Router()


class EnrolmentOut(Schema):
    offering: str
    status: str
    enrolled_at: datetime.datetime
    completed_at: datetime.datetime | None

    @staticmethod
    def resolve_offering(obj: Enrolment) -> str:
        return obj.offering.slug

    @staticmethod
    def resolve_enrolled_at(obj: Enrolment) -> datetime.datetime:
        return obj.created_at


@router.get(
    "/enrolments",
    response=list[EnrolmentOut],
    auth=actor_auth,
    summary="My enrolments and their state",
    operation_id="capacity_enrolments",
)
@paginate(Page)
def enrolments(request: HttpRequest) -> Any:
    return selectors.enrolment_list(actor=request.user)
