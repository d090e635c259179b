"""/api/dialogue/statements and /documents: statements made in sessions and their documents."""

import datetime
from typing import Annotated, Any, Literal

from django.http import FileResponse, HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.dialogue import selectors, services
from aigov.dialogue.api.shared import (
    PK,
    LongTranslations,
    ObjectIn,
    Slug,
    Translations,
    _session,
)
from aigov.dialogue.documents import document_response
from aigov.dialogue.models import Statement, StatementDocument

router = Router()


class DocumentOut(Schema):
    id: int
    language: str
    name: str
    content_type: str
    size: int
    url: str


class StatementIn(ObjectIn):
    kind: Literal["statement", "submission"]
    speaker: str = Field(..., min_length=1, max_length=300)
    titles: Translations
    texts: LongTranslations = Field(default_factory=dict)
    agenda_item: int | None = Field(None, ge=1, le=2**53)


class StatementOut(Schema):
    id: int
    kind: str
    speaker: str
    agenda_item: int | None
    title: str
    titles: dict[str, str]
    texts: dict[str, str]
    status: str
    documents: list[DocumentOut]
    is_demo: bool
    created_at: datetime.datetime


def _document(document: StatementDocument) -> dict[str, Any]:
    return {
        "id": document.pk,
        "language": document.language,
        "name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "url": f"/api/dialogue/documents/{document.pk}",
    }


def _statement(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.pk,
        "kind": statement.kind,
        "speaker": statement.speaker,
        "agenda_item": statement.agenda_item_id,
        "title": pick(statement.titles).text,
        "titles": statement.titles,
        "texts": statement.texts,
        "status": statement.status,
        "documents": [_document(document) for document in statement.documents.all()],
        "is_demo": statement.is_demo,
        "created_at": statement.created_at,
    }


@router.get(
    "/sessions/{slug}/statements",
    response=list[StatementOut],
    summary="Statements and submissions you may see, with their documents",
    operation_id="dialogue_session_statements",
)
@paginate(Page)
def session_statements(request: HttpRequest, slug: Slug) -> Any:
    session = _session(request, slug)
    return [_statement(s) for s in selectors.statement_list(actor=request.user, session=session)]


@router.post(
    "/sessions/{slug}/statements",
    response={201: StatementOut},
    auth=actor_auth,
    summary="Make a statement or written submission (published at once for states)",
    operation_id="dialogue_session_statement_add",
)
def session_statement_add(request: HttpRequest, slug: Slug, payload: StatementIn) -> Any:
    session = _session(request, slug)
    values = payload.dict()
    item_id = values.pop("agenda_item")
    item = (
        selectors.agenda_item_get(actor=request.user, session=session, pk=item_id)
        if item_id
        else None
    )
    statement = services.statement_submit(
        actor=request.user, session=session, agenda_item=item, **values
    )
    return Status(201, _statement(selectors.statement_get(actor=request.user, pk=statement.pk)))


@router.post(
    "/statements/{id}/publish",
    response=StatementOut,
    auth=actor_auth,
    summary="Publish a statement awaiting publication (secretariat)",
    operation_id="dialogue_statement_publish",
)
def statement_publish(request: HttpRequest, id: PK) -> Any:
    statement = selectors.statement_get(actor=request.user, pk=id)
    services.statement_publish(actor=request.user, statement=statement)
    return _statement(selectors.statement_get(actor=request.user, pk=id))


@router.delete(
    "/statements/{id}",
    response={204: None},
    auth=actor_auth,
    summary="Remove a statement and its documents",
    operation_id="dialogue_statement_remove",
)
def statement_remove(request: HttpRequest, id: PK) -> Any:
    statement = selectors.statement_get(actor=request.user, pk=id)
    services.statement_remove(actor=request.user, statement=statement)
    return Status(204, None)


@router.post(
    "/statements/{id}/documents",
    response={201: DocumentOut},
    auth=actor_auth,
    summary="Upload the document of a statement in one language (PDF, DOCX, ODT or TXT)",
    operation_id="dialogue_statement_document_add",
)
def statement_document_add(
    request: HttpRequest,
    id: PK,
    language: Form[Annotated[str, Field(min_length=2, max_length=10)]],
    file: File[UploadedFile],
) -> Any:
    statement = selectors.statement_get(actor=request.user, pk=id)
    document = services.statement_document_attach(
        actor=request.user, statement=statement, language=language, upload=file
    )
    return Status(201, _document(document))


@router.get(
    "/documents/{id}",
    summary="Download a statement's document (only if you may see the statement)",
    operation_id="dialogue_document",
    openapi_extra={
        # The integer key merges into the response ninja declares; "200" added a second one.
        "responses": {
            200: {
                "description": "The file, as uploaded.",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def document_download(request: HttpRequest, id: PK) -> FileResponse:
    return document_response(selectors.document_get(actor=request.user, pk=id))


@router.delete(
    "/documents/{id}",
    response={204: None},
    auth=actor_auth,
    summary="Remove a statement's document",
    operation_id="dialogue_document_remove",
)
def document_remove(request: HttpRequest, id: PK) -> Any:
    document = selectors.document_get(actor=request.user, pk=id)
    services.statement_document_remove(actor=request.user, document=document)
    return Status(204, None)
