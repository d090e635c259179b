import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from aigov.accounts import services as account_services
from aigov.accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(db):
    """One actor of each kind the confidentiality rules tell apart."""
    secretariat = UserFactory(role="secretariat")
    # The secretariat's pages need two-factor sign-in set up (aigov.accounts.middleware).
    Authenticator.objects.create(
        user=secretariat, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    return {
        "anonymous": AnonymousUser(),
        "kenya": UserFactory(role="focal_point", role__country="KEN"),
        "kenya_colleague": UserFactory(role="focal_point", role__country="KEN"),
        "brazil": UserFactory(role="focal_point", role__country="BRA"),
        "secretariat": secretariat,
        "learner": UserFactory(role="learner"),
    }


@pytest.fixture
def bearer():
    def make(user, scope: str = "write") -> dict[str, str]:
        issued = account_services.token_create(actor=user, user=user, scopes=["read", scope])
        return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}

    return make
