"""The fund's queues in the inbox (aigov/core/inbox.py): applications waiting for an expert's
review, and applications waiting for the secretariat's decision or, once approved, its grant.

Imported by FundConfig.ready(); registering on import keeps apps.py short.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.core.inbox import Entry, register_queue
from aigov.fund import selectors
from aigov.fund.models import Application


def _to_decide(application: Application) -> Entry:
    if application.status == Application.Status.APPROVED:
        title = _("Commit the grant for %(title)s (%(organisation)s)")
        url = f"{reverse('fund:grant-create')}?application={application.pk}"
    else:
        title = _("Decide on %(title)s (%(organisation)s)")
        url = reverse("fund:application-detail", args=[application.pk])
    names = {"title": application.title, "organisation": application.organisation_name}
    return Entry(title % names, url)


def _to_review(application: Application) -> Entry:
    title = _("Review %(title)s (%(organisation)s)") % {
        "title": application.title,
        "organisation": application.organisation_name,
    }
    return Entry(title, reverse("fund:application-detail", args=[application.pk]))


register_queue(
    "fund.reviews",
    title=gettext_lazy("Fund applications to review"),
    kind=gettext_lazy("Application to the fund"),
    waiting=lambda actor: selectors.applications_to_review(actor=actor),
    describe=_to_review,
)
register_queue(
    "fund.decisions",
    title=gettext_lazy("Fund applications to decide or grant"),
    kind=gettext_lazy("Application to the fund"),
    waiting=lambda actor: selectors.applications_to_decide(actor=actor),
    describe=_to_decide,
)
