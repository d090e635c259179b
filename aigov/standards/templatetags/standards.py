"""Template tags other modules' pages may use to show standards-side links."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from aigov.standards import selectors

register = template.Library()


@register.inclusion_tag("standards/_policy_standards.html", takes_context=True)
def policy_standards(context: dict[str, Any], policy: Any) -> dict[str, Any]:
    """List the standards linked to a landscape policy that the page's reader may see."""
    request = context.get("request")
    # A page rendered without a request (an e-mail, a PDF) shows what the public sees.
    actor = getattr(request, "user", None) or AnonymousUser()
    return {"standards": list(selectors.policy_standards(actor=actor, policy=policy))}
