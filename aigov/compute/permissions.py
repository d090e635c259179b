"""Rules of the compute module: who sees and does what with resources, projects, requests,
allocations and jobs.

- The resource catalogue, the fair share and usage totals are public ("every use counted
  publicly", issue 20).
- A project, its requests, allocations and jobs are seen by the project's lead and team, by the
  operators of the nodes whose resources they ask for, and by the secretariat.
- Requests are decided by the operators of the resource's node or by the secretariat; resources
  are described by their node's operators or the secretariat; the fair-share policy is the
  secretariat's.
- The project's lead and team members request allocations and submit jobs.

System jobs: the dispatcher (`Purpose.COMPUTE_DISPATCH`) records what schedulers report and
charges usage; an operator's command (`Purpose.OPERATOR`) pushes fair-share values to Slurm;
the demonstration generator (`Purpose.DEMO_DATA`) writes demonstration resources.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, Purpose, rule
from aigov.accounts.models import Role, User
from aigov.accounts.predicates import has_role, is_administrator, is_secretariat, is_signed_in

is_secretariat_or_admin = is_administrator | is_secretariat
is_node_operator = has_role(Role.NODE_OPERATOR)


def _account_pk(actor: Actor) -> int | None:
    return actor.pk if isinstance(actor, User) and actor.is_authenticated else None


def operated_node_ids(actor: Actor) -> frozenset[int]:
    """Return the ids of the nodes `actor` operates (cached on the account for the request)."""
    if not isinstance(actor, User) or not is_node_operator(actor):
        return frozenset()
    cached: frozenset[int] | None = getattr(actor, "_compute_node_ids", None)
    if cached is None:
        cached = frozenset(actor.operated_nodes.values_list("pk", flat=True))
        actor._compute_node_ids = cached  # type: ignore[attr-defined]  # a per-request cache
    return cached


def _project_pks_of(actor: Actor) -> frozenset[int]:
    pk = _account_pk(actor)
    if pk is None:
        return frozenset()
    cached: frozenset[int] | None = getattr(actor, "_compute_project_ids", None)
    if cached is None:
        from aigov.compute.models import Project

        cached = frozenset(
            Project.objects.filter(Q(lead_id=pk) | Q(members__pk=pk)).values_list("pk", flat=True)
        )
        actor._compute_project_ids = cached  # type: ignore[union-attr]  # a per-request cache
    return cached


def forget(actor: Actor) -> None:
    """Drop the per-request caches after the actor's projects change."""
    for attribute in ("_compute_project_ids", "_compute_node_ids"):
        if hasattr(actor, attribute):
            delattr(actor, attribute)


# Predicates ----------------------------------------------------------------------------------


@rules.predicate
def operates_resource_node(actor: Actor, resource: Any) -> bool:
    return resource is not None and resource.node_id in operated_node_ids(actor)


@rules.predicate
def operates_node(actor: Actor, node: Any) -> bool:
    return node is not None and node.pk in operated_node_ids(actor)


@rules.predicate
def is_project_team(actor: Actor, project: Any) -> bool:
    return project is not None and project.pk in _project_pks_of(actor)


@rules.predicate
def is_project_lead(actor: Actor, project: Any) -> bool:
    pk = _account_pk(actor)
    return project is not None and pk is not None and project.lead_id == pk


@rules.predicate
def operates_a_node_asked_by_project(actor: Actor, project: Any) -> bool:
    nodes = operated_node_ids(actor)
    return (
        project is not None
        and bool(nodes)
        and project.requests.filter(resource__node_id__in=nodes).exists()
    )


@rules.predicate
def is_team_of_record(actor: Actor, record: Any) -> bool:
    """For a request or an allocation (both have `project_id`)."""
    return record is not None and record.project_id in _project_pks_of(actor)


@rules.predicate
def operates_node_of_record(actor: Actor, record: Any) -> bool:
    """For a request or an allocation (both have `resource`)."""
    return record is not None and record.resource.node_id in operated_node_ids(actor)


@rules.predicate
def is_team_of_job(actor: Actor, job: Any) -> bool:
    return job is not None and job.allocation.project_id in _project_pks_of(actor)


@rules.predicate
def operates_node_of_job(actor: Actor, job: Any) -> bool:
    return job is not None and job.allocation.resource.node_id in operated_node_ids(actor)


# Scopes --------------------------------------------------------------------------------------


def _everything(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset


def _projects_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    nodes = operated_node_ids(actor)
    condition = Q(pk__in=_project_pks_of(actor))
    if nodes:
        condition |= Q(requests__resource__node_id__in=nodes)
    return queryset.filter(condition).distinct() if nodes else queryset.filter(condition)


def _projects_of_team(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(pk__in=_project_pks_of(actor))


def _records_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(
        Q(project_id__in=_project_pks_of(actor)) | Q(resource__node_id__in=operated_node_ids(actor))
    )


def _records_decidable_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(resource__node_id__in=operated_node_ids(actor))


def _allocations_of_team(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(project_id__in=_project_pks_of(actor))


def _jobs_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(
        Q(allocation__project_id__in=_project_pks_of(actor))
        | Q(allocation__resource__node_id__in=operated_node_ids(actor))
    )


def _resources_changeable_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(node_id__in=operated_node_ids(actor))


def register() -> None:
    dispatch, operator, demo = Purpose.COMPUTE_DISPATCH, Purpose.OPERATOR, Purpose.DEMO_DATA
    rule("compute.view_resource", rules.always_allow, scope=_everything)
    rule(
        "compute.change_resource",
        is_secretariat_or_admin | operates_resource_node,
        scope=_resources_changeable_by,
        jobs=(operator, demo),
    )
    # Asked of the node the resource will belong to.
    rule("compute.create_resource", is_secretariat_or_admin | operates_node, jobs=(operator, demo))
    rule("compute.create_project", is_signed_in)
    rule(
        "compute.view_project",
        is_secretariat_or_admin | is_project_team | operates_a_node_asked_by_project,
        scope=_projects_visible_to,
        jobs=(dispatch,),
    )
    # Requests and jobs come from the project's lead and team; the scope lists their projects.
    rule("compute.request_allocation", is_project_team, scope=_projects_of_team)
    rule("compute.change_project", is_project_lead | is_secretariat_or_admin)
    rule(
        "compute.view_request",
        is_secretariat_or_admin | is_team_of_record | operates_node_of_record,
        scope=_records_visible_to,
        jobs=(dispatch,),
    )
    rule(
        "compute.decide_request",
        is_secretariat_or_admin | operates_node_of_record,
        scope=_records_decidable_by,
    )
    rule(
        "compute.view_allocation",
        is_secretariat_or_admin | is_team_of_record | operates_node_of_record,
        scope=_records_visible_to,
        jobs=(dispatch,),
    )
    rule("compute.submit_job", is_team_of_record, scope=_allocations_of_team)
    rule(
        "compute.view_job",
        is_secretariat_or_admin | is_team_of_job | operates_node_of_job,
        scope=_jobs_visible_to,
        jobs=(dispatch,),
    )
    rule("compute.cancel_job", is_secretariat_or_admin | is_team_of_job | operates_node_of_job)
    # What schedulers report, and charging it, is the dispatcher's.
    rule("compute.account_job", rules.always_deny, jobs=(dispatch, operator))
    rule("compute.set_policy", is_secretariat_or_admin, jobs=(operator,))
    # `aigov demo load|clear`: demonstration records written in demonstration users' stead
    # (services/acting.py), and the countries' usage rebuilt once they are removed.
    rule("compute.load_demo", rules.always_deny, jobs=(demo,))
    rule("compute.import_top500", is_secretariat_or_admin, jobs=(operator,))
    rule("compute.push_fairshare", is_secretariat_or_admin, jobs=(operator,))
