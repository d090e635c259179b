"""What accounts puts in the one search: users, found only by those allowed to see them.

A user's entry is never public: search shows it only to actors whose `user_list` contains the
user (the secretariat and administrators see everyone, others only themselves), in pages, API
and counts alike.
"""

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aigov.accounts import selectors
from aigov.accounts.access import Actor
from aigov.accounts.models import User
from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable

# A person's name is in no particular language: BCP 47 "und" (undetermined), which
# aigov.core.translation.pick falls back to in every language.
UNDETERMINED = "und"


def _users() -> QuerySet[User]:
    return User.objects.filter(is_system=False).select_related("organisation")


def _user(user: User) -> SearchDocument:
    details = [user.email]
    if user.organisation is not None:
        details.append(user.organisation.name)
    return SearchDocument(
        titles={UNDETERMINED: user.display_name or user.email},
        bodies={UNDETERMINED: " · ".join(details)},
        aliases=[user.email],
        # Users have no page of their own yet; the link lists this user alone in search.
        path="/search/?" + urlencode({"type": "accounts.user", "q": user.email}),
        is_demo=user.is_demo,
    )


def _users_visible_to(actor: Actor) -> QuerySet[User]:
    return selectors.user_list(actor=actor)


def register() -> None:
    register_searchable(
        SearchableType(
            "accounts.user", _("User"), User, _users, _user, visible_to=_users_visible_to
        )
    )
