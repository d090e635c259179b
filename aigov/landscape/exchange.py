"""Import and export of the landscape: policies, participation and UN AI projects.

Policy and participation rows are validated by the same forms as the edit pages and proposals
(forms.py), and written through the services, as the importing actor.
"""

from typing import Any

from django.utils.translation import gettext_lazy

from aigov.accounts.access import Actor
from aigov.core.exchange import Dataset, Exporter, Importer, Outcome, register_dataset
from aigov.landscape import selectors, services
from aigov.landscape.forms import ParticipationValues, PolicyValues, policy_values_of
from aigov.landscape.models import Participation, Policy, UnProject


def _same(current: dict[str, Any], values: dict[str, Any]) -> bool:
    def plain(value: Any) -> str:
        if isinstance(value, list | tuple):
            return ";".join(sorted(str(v) for v in value))
        return "" if value is None else str(value)

    return all(plain(current.get(key)) == plain(value) for key, value in values.items())


def policy_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    existing = selectors.policy_list(actor=actor).filter(slug=values["slug"]).first()
    if existing is None:
        services.policy_save(actor=actor, data=values)
        return Outcome.CREATED
    current = policy_values_of(existing)
    if _same(current, values):
        return Outcome.UNCHANGED
    services.policy_save(actor=actor, data={**current, **values}, policy=existing)
    return Outcome.UPDATED


def policy_export_row(policy: Policy) -> dict[str, Any]:
    row = policy_values_of(policy)
    return {**row, "is_demo": policy.is_demo}


def participation_values_of(participation: Participation) -> dict[str, Any]:
    return {
        "initiative": participation.initiative_id,
        "participant": participation.participant_id,
        "basis": participation.basis,
        "started_on": participation.started_on,
        "ended_on": participation.ended_on,
        "source_url": participation.source_url,
        "source_note": participation.source_note,
    }


def participation_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    existing = (
        selectors.participation_list(actor=actor)
        .filter(
            initiative_id=values["initiative"],
            participant_id=values["participant"],
            started_on=values["started_on"],
        )
        .first()
    )
    if existing is None:
        services.participation_save(actor=actor, data=values)
        return Outcome.CREATED
    current = participation_values_of(existing)
    if _same(current, values):
        return Outcome.UNCHANGED
    services.participation_save(actor=actor, data={**current, **values}, participation=existing)
    return Outcome.UPDATED


UN_PROJECT_COLUMNS = ("title", "agency", "year", "sdgs", "countries", "url", "source", "is_demo")


def un_project_export_row(project: UnProject) -> dict[str, Any]:
    return {
        "title": project.names.get("en", ""),
        "agency": project.agency,
        "year": project.year,
        "sdgs": ";".join(str(goal.number) for goal in project.sdgs.all()),
        "countries": ";".join(country.iso3 for country in project.countries.all()),
        "url": project.url,
        "source": project.source,
        "is_demo": project.is_demo,
    }


def _un_projects(*, actor: Actor) -> Any:
    # UN AI projects are public: every actor exports the same rows.
    return selectors.un_project_list()


def register() -> None:
    register_dataset(
        Dataset(
            slug="policies",
            label=gettext_lazy("AI policies and institutions"),
            importer=Importer(form=PolicyValues, apply=policy_import_row, natural_key=("slug",)),
            exporter=Exporter(
                columns=(*PolicyValues.base_fields, "is_demo"),
                records=selectors.policy_list,
                row=policy_export_row,
            ),
        )
    )
    register_dataset(
        Dataset(
            slug="participations",
            label=gettext_lazy("Participation in governance initiatives"),
            importer=Importer(
                form=ParticipationValues,
                apply=participation_import_row,
                natural_key=("initiative", "participant", "started_on"),
            ),
            exporter=Exporter(
                columns=tuple(ParticipationValues.base_fields),
                records=selectors.participation_list,
                row=participation_values_of,
            ),
        )
    )
    register_dataset(
        Dataset(
            slug="un-projects",
            label=gettext_lazy("UN AI projects"),
            exporter=Exporter(
                columns=UN_PROJECT_COLUMNS,
                records=_un_projects,
                row=un_project_export_row,
            ),
        )
    )
