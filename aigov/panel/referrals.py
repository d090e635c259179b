"""Referrals: experts an invited respondent suggests, and the invitations the secretariat
sends them (Annex E's snowball sampling)."""

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.core.errors import InvalidInput, InvalidState, NotFound, field_error
from aigov.panel.models import Invitation, Referral, Survey
from aigov.panel.services import invitation_create

# One invitation suggests at most this many experts (a bound on what one link can add).
MAX_REFERRALS = 10


@transaction.atomic
def referral_add(
    *, actor: Actor, token: str, name: str, contact: str, expertise: str = ""
) -> Referral:
    """Record a further expert suggested by the holder of an invitation link.

    The link is the credential (NotFound for an unknown token); the survey must be open and
    one link suggests at most MAX_REFERRALS experts. Raise InvalidState or InvalidInput.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("survey").filter(token=token).first()
    )
    if invitation is None:
        raise NotFound()
    if invitation.survey.status != Survey.Status.OPEN:
        raise InvalidState(_("This survey is not open for answers."))
    errors = []
    name, contact = name.strip(), contact.strip()
    if not name:
        errors.append(field_error("name", "required", _("Give the expert's name.")))
    if not contact:
        errors.append(
            field_error(
                "contact",
                "required",
                _("Give a way to reach the expert."),
            )
        )
    if len(name) > 200 or len(contact) > 200:
        errors.append(
            field_error(
                "name",
                "invalid",
                _("Keep the name and contact short."),
            )
        )
    if invitation.referrals.count() >= MAX_REFERRALS:
        errors.append(
            field_error(
                "name",
                "invalid",
                _("One link suggests at most %(count)d experts.") % {"count": MAX_REFERRALS},
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    referral = Referral.objects.create(
        survey=invitation.survey,
        referred_by=invitation,
        name=name,
        contact=contact,
        expertise=expertise.strip()[:2000],
    )
    audit.record(actor=actor, action="panel.referral.create", obj=referral)
    return referral


@transaction.atomic
def referral_invite(*, actor: Actor, referral: Referral) -> Invitation:
    """Create the single-use link for a referred expert (the secretariat); once per referral."""
    require(actor, "panel.manage_survey", referral.survey)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.invitation_id is not None:
        raise InvalidState(_("This expert already has a link."))
    (invitation,) = invitation_create(
        actor=actor, survey=referral.survey, labels=[f"{referral.name} <{referral.contact}>"]
    )
    before = audit.snapshot(referral)
    referral.invitation = invitation
    referral.save(update_fields=["invitation", "updated_at"])
    audit.record(actor=actor, action="panel.referral.invite", obj=referral, before=before)
    return invitation
