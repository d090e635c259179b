"""Writes of statements made in a session and their documents."""

import os
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, has, require
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, InvalidState, field_error
from aigov.core.translation import normalise_language
from aigov.dialogue.documents import DocumentRefused, document_check
from aigov.dialogue.models import (
    AgendaItem,
    Session,
    Statement,
    StatementDocument,
    document_storage_name,
)
from aigov.dialogue.services.shared import (
    _delete,
    _translated,
)


@transaction.atomic
def statement_submit(
    *,
    actor: Actor,
    session: Session,
    kind: str,
    speaker: str,
    titles: dict[str, str],
    texts: dict[str, str],
    agenda_item: AgendaItem | None = None,
    is_demo: bool = False,
) -> Statement:
    """Submit a statement or written submission to `session`; return it.

    Raise NotAllowed or InvalidInput. Focal points and the secretariat publish at once; anyone
    else's statement waits for the secretariat (`statement_publish`). Texts may be empty when
    documents follow (`statement_document_attach`), but not both title and text.
    """
    require(actor, "dialogue.submit_statement")
    errors: list[ErrorItem] = []
    cleaned_titles = _translated(Statement, "titles", titles, errors)
    cleaned_texts = _translated(Statement, "texts", texts, errors)
    if kind not in Statement.Kind.values:
        errors.append(
            field_error(
                "kind",
                "invalid_choice",
                _("Choose the kind among: %(choices)s.")
                % {"choices": ", ".join(Statement.Kind.values)},
            )
        )
    if not speaker.strip():
        errors.append(
            field_error("speaker", "required", _("Name the state or organisation speaking."))
        )
    if agenda_item is not None and agenda_item.session_id != session.pk:
        errors.append(
            field_error(
                "agenda_item", "other_session", _("That agenda item is of another session.")
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    publishes = has(actor, "dialogue.publish_statement")
    statement = Statement.objects.create(
        session=session,
        agenda_item=agenda_item,
        kind=kind,
        speaker=speaker.strip(),
        titles=cleaned_titles,
        texts=cleaned_texts,
        status=Statement.Status.PUBLISHED if publishes else Statement.Status.SUBMITTED,
        submitted_by=account_of(actor),
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="dialogue.statement.create", obj=statement)
    return statement


@transaction.atomic
def statement_submit_with_document(
    *,
    actor: Actor,
    session: Session,
    kind: str,
    speaker: str,
    language: str,
    title: str,
    text: str = "",
    upload: Any = None,
    agenda_item: AgendaItem | None = None,
) -> Statement:
    """Submit a statement written in one language, with its document in that language if
    given; return it. Raise NotAllowed or InvalidInput; nothing is kept if the document is
    refused."""
    code = normalise_language(language)
    if not (text or "").strip() and upload is None:
        raise InvalidInput(
            errors=[field_error("text", "required", _("Write the text or attach a document."))]
        )
    statement = statement_submit(
        actor=actor,
        session=session,
        kind=kind,
        speaker=speaker,
        titles={code: title},
        texts={code: text} if (text or "").strip() else {},
        agenda_item=agenda_item,
    )
    if upload is not None:
        statement_document_attach(actor=actor, statement=statement, language=code, upload=upload)
    return statement


@transaction.atomic
def statement_publish(*, actor: Actor, statement: Statement) -> Statement:
    """Publish a statement awaiting publication; return it. Raise NotAllowed or InvalidState."""
    require(actor, "dialogue.manage_sessions")
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == Statement.Status.PUBLISHED:
        raise InvalidState(_("This statement is already published."))
    before = audit.snapshot(statement)
    statement.status = Statement.Status.PUBLISHED
    statement.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="dialogue.statement.publish", obj=statement, before=before)
    return statement


@transaction.atomic
def statement_remove(*, actor: Actor, statement: Statement) -> None:
    """Remove a statement and its documents (the secretariat, or its submitter before
    publication). Raise NotAllowed. The files are deleted once the removal commits."""
    require(actor, "dialogue.edit_statement", statement)
    names = [document.stored_name for document in statement.documents.all()]
    _delete(actor, statement, "dialogue.statement.delete")
    _delete_files_later(names)


def _delete_files_later(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def statement_document_attach(
    *, actor: Actor, statement: Statement, language: str, upload: Any
) -> StatementDocument:
    """Attach the document of `statement` in `language` (replacing the one it had); return it.

    `upload` is an uploaded file (name, size, a stream). Raise NotAllowed or InvalidInput
    (unknown language; not PDF, DOCX, ODT or TXT; empty; too large; content not matching the
    name); nothing is stored on error.
    """
    require(actor, "dialogue.edit_statement", statement)
    errors: list[ErrorItem] = []
    code = normalise_language(language)
    if code not in dict(settings.LANGUAGES):
        errors.append(
            field_error(
                "language",
                "invalid_choice",
                _("Choose the language among: %(choices)s.")
                % {"choices": ", ".join(dict(settings.LANGUAGES))},
            )
        )
    name = os.path.basename(str(getattr(upload, "name", "") or ""))
    try:
        kind = document_check(name=name, size=int(upload.size or 0), stream=upload)
    except DocumentRefused as refused:
        errors.append(field_error("file", refused.code, refused.message))
    if errors:
        raise InvalidInput(errors=errors)
    replaced = StatementDocument.objects.filter(statement=statement, language=code).first()
    old_names = []
    before = None
    if replaced is not None:
        before = audit.snapshot(replaced)
        old_names.append(replaced.stored_name)
        document = replaced
    else:
        document = StatementDocument(statement=statement, language=code)
    upload.seek(0)
    stored = default_storage.save(document_storage_name(kind.extension), upload)
    document.stored_name = stored
    document.original_name = name
    document.content_type = kind.content_type
    document.size = int(upload.size)
    document.uploaded_by = account_of(actor)
    try:
        document.save()
    except Exception:
        default_storage.delete(stored)
        raise
    audit.record(
        actor=actor,
        action="dialogue.document.replace" if replaced else "dialogue.document.create",
        obj=document,
        before=before,
    )
    _delete_files_later(old_names)
    return document


@transaction.atomic
def statement_document_remove(*, actor: Actor, document: StatementDocument) -> None:
    """Remove one document of a statement. Raise NotAllowed."""
    require(actor, "dialogue.edit_statement", document.statement)
    name = document.stored_name
    _delete(actor, document, "dialogue.document.delete")
    _delete_files_later([name])
