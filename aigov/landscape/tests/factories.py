"""Factories for the landscape: small initiatives of our own, outside the reference years."""

import datetime

import factory

from aigov.landscape.models import Initiative, Participation


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    slug = factory.Sequence(lambda n: f"test-initiative-{n}")
    names = factory.LazyAttribute(lambda o: {"en": f"Test initiative {o.slug}"})
    short_names = factory.LazyAttribute(lambda o: {"en": o.slug})
    kind = Initiative.Kind.PLURILATERAL
    year = 1990


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    initiative = factory.SubFactory(InitiativeFactory)
    participant_id = "KEN"
    basis = Participation.Basis.ENDORSER
    started_on = datetime.date(1990, 1, 1)
