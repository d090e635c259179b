"""What the landscape puts in the one search: initiatives, policies, UN instruments and projects.

All of them are public records; demonstration ones carry their mark into the results.
"""

from django.utils.translation import gettext_lazy as _

from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable
from aigov.landscape.models import Initiative, Policy, UnInstrument, UnProject


def _initiative(initiative: Initiative) -> SearchDocument:
    return SearchDocument(
        titles=initiative.names,
        bodies=initiative.description,
        aliases=[*initiative.short_names.values(), initiative.slug],
        path=f"/landscape/initiatives/{initiative.slug}/",
    )


def _policy(policy: Policy) -> SearchDocument:
    return SearchDocument(
        titles=policy.names,
        bodies=policy.summary,
        aliases=[policy.slug, policy.jurisdiction_id],
        path=f"/landscape/policies/{policy.slug}/",
        is_demo=policy.is_demo,
    )


def _instrument(instrument: UnInstrument) -> SearchDocument:
    return SearchDocument(
        titles=instrument.names,
        bodies=instrument.summary,
        aliases=[alias for alias in (instrument.symbol, instrument.issuing_body) if alias],
        path=f"/landscape/un/#{instrument.slug}",
    )


def _project(project: UnProject) -> SearchDocument:
    return SearchDocument(
        titles=project.names,
        bodies=project.description,
        aliases=[project.agency],
        path=f"/landscape/un/projects/?agency={project.agency}",
        is_demo=project.is_demo,
    )


def register() -> None:
    for searchable in (
        SearchableType(
            "landscape.initiative",
            _("Governance initiative"),
            Initiative,
            Initiative.objects.all,
            _initiative,
        ),
        SearchableType(
            "landscape.policy", _("Policy or institution"), Policy, Policy.objects.all, _policy
        ),
        SearchableType(
            "landscape.un_instrument",
            _("UN instrument"),
            UnInstrument,
            UnInstrument.objects.all,
            _instrument,
        ),
        SearchableType(
            "landscape.un_project", _("UN AI project"), UnProject, UnProject.objects.all, _project
        ),
    ):
        register_searchable(searchable)
