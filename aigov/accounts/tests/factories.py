"""Factories for accounts: valid defaults; roles go through the service so rules apply."""

import factory

from aigov.accounts import services
from aigov.accounts.models import Organisation, User

PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test organisation {n}")
    kind = Organisation.Kind.GOVERNMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Test user {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create:
            self.save()
        if extracted:
            services.role_assign(
                actor=services.system_actor(),
                user=self,
                role=extracted,
                country=kwargs.get("country"),
            )
