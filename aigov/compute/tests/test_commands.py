"""`aigov compute`: the policy command and a dry run of the fair-share push (no Slurm needed)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from aigov.compute.tests.factories import make_allocation, make_project, make_resource

pytestmark = pytest.mark.django_db


def _slurm_allocation():
    resource = make_resource(scheduler="slurm", slurm_cluster="aigov", slurm_partition="debug")
    return make_allocation(project=make_project(), resource=resource)


def test_the_policy_command_puts_a_policy_in_force_and_refuses_bad_values():
    from django.core.management.base import CommandError

    from aigov.compute.models import FairSharePolicy

    out = io.StringIO()
    call_command(
        "compute",
        "policy",
        "--floor",
        "0.02",
        "--reserve",
        "0.2",
        "--half-life-days",
        "14",
        stdout=out,
    )
    assert "floor 0.02" in out.getvalue()
    assert FairSharePolicy.objects.get().half_life_days == Decimal(14)
    with pytest.raises(CommandError, match="floor"):
        call_command("compute", "policy", "--floor", "3", "--reserve", "0.2", stdout=out)
    assert FairSharePolicy.objects.count() == 1


def test_push_fairshare_dry_run_prints_the_commands_and_runs_none(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no sacctmgr at all: nothing may run
    _slurm_allocation()
    out = io.StringIO()
    call_command("compute", "push-fairshare", "--dry-run", stdout=out)
    printed = out.getvalue()
    assert "modify account where name=mwi cluster=aigov set fairshare=" in printed
    assert "would write" in printed
