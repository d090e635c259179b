"""The fund's audit actions in words, for the audit log (aigov/core/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

from aigov.core.audit_labels import register_actions

register_actions(
    {
        "fund.fund.create": _("Opened a fund and its chart of accounts"),
        "fund.fund.target": _("Set the fund's target"),
        "fund.contributor.create": _("Registered a contributor"),
        "fund.pledge.record": _("Recorded a pledge"),
        "fund.contribution.record": _("Recorded a contribution"),
        "fund.evidencedocument.create": _("Attached evidence to a contribution"),
        "fund.transaction.post": _("Posted a ledger transaction"),
        "fund.transaction.reverse": _("Reversed a ledger transaction"),
        "fund.exchangerate.import": _("Imported exchange rates"),
        "fund.call.open": _("Opened a call for proposals"),
        "fund.call.close": _("Closed a call for proposals"),
        "fund.application.submit": _("Applied to a call"),
        "fund.review.submit": _("Reviewed an application"),
        "fund.application.decide": _("Decided on an application"),
        "fund.grant.commit": _("Committed a grant"),
        "fund.disbursement.record": _("Disbursed a grant tranche"),
        "fund.grantreport.submit": _("Reported on a grant"),
        "fund.year.close": _("Closed a financial year of the fund's books"),
        "fund.result.record": _("Recorded a result against an indicator"),
    }
)
