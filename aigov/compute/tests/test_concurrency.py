"""Jobs submitted at the same moment never overdraw an allocation: on PostgreSQL from threads
(each with its own connection), on SQLite from separate processes writing one database file
(what the embedded default is: several gunicorn workers on one file)."""

import os
import subprocess
import sys
import textwrap
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from aigov.compute import services
from aigov.compute.models import Job, Movement
from aigov.compute.tests.factories import make_allocation

WRITERS = 8
GRANTED = Decimal(10)
UNITS = Decimal(3)  # three fit in ten; a fourth would overdraw


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_jobs_never_overdraw_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("threads writing at once need PostgreSQL; SQLite is tested with processes")
    allocation = make_allocation(amount=GRANTED)
    lead = allocation.project.lead
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            # The job sleeps, so every hold is still in place while the others decide.
            services.job_submit(
                actor=lead,
                allocation=allocation,
                command="sleep 2",
                units=UNITS,
                walltime_minutes=1,
            )
            outcomes.append("held")
        except services.WouldOverdraw:
            outcomes.append("refused")
        except BaseException as failure:  # noqa: BLE001  (reported by the assertion below)
            errors.append(failure)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["held"] * 3 + ["refused"] * (WRITERS - 3)
    _assert_account_adds_up(allocation.pk, jobs=3)


def _assert_account_adds_up(allocation_pk: int, *, jobs: int) -> None:
    assert Job.objects.filter(allocation_id=allocation_pk).count() == jobs
    holds = Movement.objects.filter(allocation_id=allocation_pk, kind="hold")
    assert holds.count() == jobs
    balance = sum(
        Movement.objects.filter(allocation_id=allocation_pk).values_list("units", flat=True),
        Decimal(0),
    )
    used = sum(Job.objects.filter(allocation_id=allocation_pk).values_list("usage", flat=True))
    assert balance == GRANTED - used >= 0


SETUP = """
from decimal import Decimal
from aigov.accounts.models import User
from aigov.capacity.models import Node
from aigov.compute.models import Allocation, AllocationRequest, Movement, Project, Resource
from aigov.taxonomy.models import Country
import datetime
country = Country.objects.create(iso3="MWI", income_group="L", names={"en": "Malawi"})
lead = User.objects.create(email="lead@example.org")
node = Node.objects.create(slug="n", names={"en": "Node"}, kind="national_centre",
    region="African")
resource = Resource.objects.create(node=node, slug="r", name="R", kind="gpu", unit="gpu_hour",
    capacity=100, rate=1)
project = Project.objects.create(title="P", lead=lead, country=country, purpose="P")
today = datetime.date.today()
request = AllocationRequest.objects.create(project=project, resource=resource, requested_by=lead,
    amount=10, starts_on=today, ends_on=today, justification="J", fee_amount=0,
    fee_currency="USD", fee_waived=True, fee_reason="waived_low_income", status="approved")
allocation = Allocation.objects.create(project=project, resource=resource, request=request,
    starts_on=today, ends_on=today)
Movement.objects.create(allocation=allocation, kind="grant", units=Decimal(10))
print(allocation.pk)
"""

SUBMIT = """
import time
from decimal import Decimal
from aigov.accounts.models import User
from aigov.compute import services
from aigov.compute.models import Allocation
lead = User.objects.get(email="lead@example.org")
allocation = Allocation.objects.get()
time.sleep(max(0.0, START - time.time()))
try:
    services.job_submit(actor=lead, allocation=allocation, command="sleep 3",
        units=Decimal(3), walltime_minutes=1)
except services.WouldOverdraw:
    print("refused")
else:
    print("held")
"""


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the embedded default's SQLite file; PostgreSQL is tested with threads",
)
def test_concurrent_jobs_never_overdraw_on_a_sqlite_file(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "AIGOV_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "aigov.settings",
    }
    environment.pop("DATABASE_URL", None)
    aigov = [sys.executable, "-m", "django"]

    def run(*arguments: str) -> str:
        done = subprocess.run(
            [*aigov, *arguments],
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return done.stdout.strip()

    # The compute tables, what they depend on, and the audit log the services write to.
    run("migrate", "compute", "--noinput", "-v0")
    run("migrate", "auditlog", "--noinput", "-v0")
    allocation_pk = int(run("shell", "-c", SETUP).splitlines()[-1])
    start = time.time() + 8  # every process has loaded Django by then
    script = f"START = {start!r}\n" + textwrap.dedent(SUBMIT)
    processes = [
        subprocess.Popen(
            [*aigov, "shell", "-c", script],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outcomes.append(out.strip().splitlines()[-1])
    assert sorted(outcomes) == ["held"] * 3 + ["refused"] * 3
    check = f"""
from decimal import Decimal
from django.db.models import Sum
from aigov.compute.models import Job, Movement
movements = Movement.objects.filter(allocation_id={allocation_pk})
used = Job.objects.aggregate(total=Sum("usage"))["total"]
print(Job.objects.count(), movements.filter(kind="hold").count(),
    movements.aggregate(total=Sum("units"))["total"] == Decimal(10) - used)
"""
    assert run("shell", "-c", check).splitlines()[-1] == "3 3 True"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_completions_lose_no_usage_on_postgresql() -> None:
    """Every charge reaches the country's decayed usage, however many end at once (the
    aggregate's row is locked for each update)."""
    if connection.vendor != "postgresql":
        pytest.skip("threads writing at once need PostgreSQL; SQLite serialises all writes")
    from aigov.accounts.access import Purpose
    from aigov.accounts.services import system_actor
    from aigov.compute.models import CountryUsage
    from aigov.compute.tests.factories import make_project, make_resource

    resource = make_resource()
    jobs = []
    for _ in range(WRITERS * 5):
        allocation = make_allocation(project=make_project(country="MWI"), resource=resource)
        jobs.append(
            Job.objects.create(
                allocation=allocation,
                submitted_by=allocation.project.lead,
                command="true",
                units=Decimal(10),
                walltime_minutes=60,
                backend="local",
            )
        )
        Movement.objects.create(allocation=allocation, kind="hold", units=-10, job=jobs[-1])
    # The country's row exists already: concurrent first inserts would queue on its unique
    # key, and hide a lost update.
    CountryUsage.objects.create(country_id="MWI", decayed_usage=0.0, as_of=timezone.now())
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def complete(job: Job, hours: int) -> None:
        try:
            barrier.wait()
            services.job_record(
                actor=system_actor(Purpose.COMPUTE_DISPATCH),
                job=job,
                report=services.SchedulerReport(
                    state="completed", exit_code=0, elapsed_seconds=hours * 360
                ),
            )
        except BaseException as failure:  # noqa: BLE001  (reported by the assertion below)
            errors.append(failure)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=complete, args=(job, number % 5 + 1))
        for number, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    charged = -sum(Movement.objects.filter(kind="charge").values_list("units", flat=True))
    assert charged == sum(Decimal(number % 5 + 1) for number in range(len(jobs)))
    # Seconds apart, the decay is below a millionth: every charge is in the aggregate.
    usage = CountryUsage.objects.get(country_id="MWI").decayed_usage
    assert usage == pytest.approx(float(charged), rel=1e-6)
