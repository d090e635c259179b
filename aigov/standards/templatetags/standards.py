"""Template tags of standards pages, and that other modules' pages may use for standards-side
links."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from aigov.core import collation
from aigov.core.translation import pick
from aigov.standards import selectors

register = template.Library()


@register.inclusion_tag("standards/_policy_standards.html", takes_context=True)
def policy_standards(context: dict[str, Any], policy: Any) -> dict[str, Any]:
    """List the standards linked to a landscape policy that the page's reader may see."""
    request = context.get("request")
    # A page rendered without a request (an e-mail, a PDF) shows what the public sees.
    actor = getattr(request, "user", None) or AnonymousUser()
    return {"standards": list(selectors.policy_standards(actor=actor, policy=policy))}


@register.inclusion_tag("standards/_topic_links.html")
def topic_links(standard: Any, *, linked: bool = False, evidence: bool = False) -> dict[str, Any]:
    """Show a standard's topics, a derived one marked so (with what matched, when `evidence`)."""
    return {
        "links": collation.sorted_by_name(
            standard.topic_links.all(), lambda link: pick(link.topic.names).text
        ),
        "linked": linked,
        "evidence": evidence,
        "separator": collation.list_separator(),
    }
