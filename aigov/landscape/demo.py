"""Demonstration UN AI projects (see aigov.core.demo for the rules every generator keeps).

The shared reference data has no list of UN AI projects (ITU's yearly "UN Activities on AI"
report is not machine-readable here), so a new installation shows generated ones, titled
"Demo UN AI project N" and marked as demonstration data, spread over real UN entities, SDGs
and countries so that the UN-system page has something to analyse.
"""

import random

from aigov.accounts.access import Actor
from aigov.core.demo import DemoGenerator, register_generator
from aigov.core.reference import LoadReport
from aigov.landscape import services
from aigov.landscape.models import UnProject
from aigov.taxonomy.selectors import country_list

PROJECTS = 60
# Real UN entities; the projects attributed to them here are generated.
UN_ENTITIES = ["FAO", "ILO", "ITU", "UNDP", "UNEP", "UNESCO", "UNICEF", "UNIDO", "WFP", "WHO"]


def load_landscape_demo(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    counts = report.for_kind("UN AI projects")
    countries = list(country_list(un_member=True).values_list("iso3", flat=True))
    for number in range(1, PROJECTS + 1):
        title = f"Demo UN AI project {number}"
        # Draw before the existence check, so each project gets the same values on every run.
        agency = rng.choice(UN_ENTITIES)
        year = rng.randint(2018, 2025)
        sdgs = sorted(rng.sample(range(1, 18), k=rng.randint(1, 3)))
        places = sorted(rng.sample(countries, k=min(len(countries), rng.randint(1, 4))))
        if UnProject.objects.filter(is_demo=True, names__en=title).exists():
            counts.unchanged += 1
            continue
        services.un_project_create(
            actor=actor,
            title=title,
            agency=agency,
            year=year,
            sdgs=sdgs,
            countries=places,
            description="Generated for demonstration; not a real project.",
            is_demo=True,
        )
        counts.created += 1


def register() -> None:
    register_generator(
        DemoGenerator(name="landscape", load=load_landscape_demo, models=(UnProject,))
    )
