"""Writes of credentials: issuing and revoking."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.accounts.models import User
from aigov.capacity import credentials, selectors
from aigov.capacity.models import Credential, Offering
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidState
from aigov.core.translation import pick


def _free_status_index() -> int:
    # Random positions (Bitstring Status List, "privacy considerations"): a sequential index
    # would tell a verifier roughly when and in which order credentials were issued.
    taken = set(Credential.objects.values_list("status_index", flat=True))
    if len(taken) >= credentials.STATUS_LIST_SIZE:
        raise InvalidState(_("The status list is full."))
    while True:
        index = secrets.randbelow(credentials.STATUS_LIST_SIZE)
        if index not in taken:
            return index


def _issue(*, actor: Actor, learner: User, offering: Offering) -> Credential:
    if Credential.objects.filter(
        learner=learner, offering=offering, revoked_at__isnull=True
    ).exists():
        raise Conflict(_("This learner already holds a valid credential for this offering."))
    issued_at = timezone.now().replace(microsecond=0)
    credential = Credential(learner=learner, offering=offering, document={})
    language = offering.languages.order_by("tag").values_list("tag", flat=True).first() or "en"
    title = pick(offering.titles, language)
    for _attempt in range(5):
        credential.status_index = _free_status_index()
        unsigned = credentials.build_credential(
            credential_id=credential.urn,
            recipient=credentials.Recipient(name=learner.display_name, email=learner.email),
            achievement=credentials.Achievement(
                url=f"{credentials.signing.public_url()}/{title.language}/capacity/offerings/"
                f"{offering.slug}/",
                name=title.text,
                description=pick(offering.descriptions, language).text,
                criteria=_("Completed every lesson and passed every quiz of the course."),
                language=title.language,
            ),
            status_index=credential.status_index,
            issued_at=issued_at,
        )
        credential.document = credentials.signing.sign(unsigned, created=issued_at)
        try:
            with transaction.atomic():
                credential.save(force_insert=True)
            break
        except IntegrityError:
            continue  # another issue took the same random index at the same moment
    else:
        raise Conflict(_("No free status list index was found; try again."))
    audit.record(actor=actor, action="capacity.credential.issue", obj=credential)
    return credential


@transaction.atomic
def credential_issue(*, actor: Actor, learner: User, offering: Offering) -> Credential:
    """Award a credential by hand (secretariat, or the system actor from the command line).

    Raise NotAllowed or Conflict (the learner already holds a valid one for this offering).
    """
    require(actor, "capacity.issue_credential")
    return _issue(actor=actor, learner=learner, offering=offering)


@transaction.atomic
def credential_revoke(*, actor: Actor, credential_id: str, reason: str = "") -> Credential:
    """Revoke a credential by its `id` (`urn:uuid:…` or the bare UUID); its status bit is set.

    Raise NotAllowed, NotFound or InvalidState (already revoked).
    """
    require(actor, "capacity.revoke_credential")
    credential = selectors.credential_get_by_id(credential_id=credential_id, for_update=True)
    if credential.revoked_at is not None:
        raise InvalidState(_("This credential is already revoked."))
    before = audit.snapshot(credential)
    credential.revoked_at, credential.revocation_reason = timezone.now(), reason
    credential.save(update_fields=["revoked_at", "revocation_reason", "updated_at"])
    audit.record(actor=actor, action="capacity.credential.revoke", obj=credential, before=before)
    return credential
