"""`aigov compute push-fairshare|watch|policy|import-top500`: the fair share pushed to Slurm,
the jobs schedulers run watched, the fair-share policy set, a TOP500 list imported."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.compute import selectors, services
from aigov.compute.tasks import watch_jobs
from aigov.compute.top500 import read_top500
from aigov.core.errors import DomainError


def _explain(error: DomainError) -> str:
    lines = [str(error.message)]
    lines += [f"  {e.get('field') or '-'}: {e.get('message')}" for e in error.errors]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Shared compute: push fair-share values to Slurm, watch jobs, set the policy."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        push = actions.add_parser(
            "push-fairshare",
            help="Write each country's share to each Slurm cluster's accounts (sacctmgr).",
        )
        push.add_argument(
            "--cluster",
            action="append",
            default=[],
            help="Only this Slurm cluster (repeat for more); default: every cluster of a resource.",
        )
        push.add_argument(
            "--dry-run", action="store_true", help="Print the sacctmgr commands, run none."
        )
        actions.add_parser(
            "watch", help="Ask Slurm and Kubernetes about the jobs they run; charge ended ones."
        )
        top500 = actions.add_parser(
            "import-top500",
            help="Import a TOP500 list file (XLSX or CSV as top500.org publishes it).",
        )
        top500.add_argument("file", help="The list file, e.g. TOP500_202506.xlsx.")
        top500.add_argument(
            "--edition", default="", help="The list, YYYY-MM; by default from the file's name."
        )
        top500.add_argument(
            "--source",
            default="",
            help="Where the file came from (its address); by default the file's name.",
        )
        policy = actions.add_parser("policy", help="Put a new fair-share policy in force.")
        policy.add_argument("--floor", required=True, help="Share every holder gets (0 to 1).")
        policy.add_argument(
            "--reserve", required=True, help="Part kept for time-critical work (0 to 1)."
        )
        policy.add_argument(
            "--half-life-days", default="7", help="Half-life of usage, in days (default 7)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor(Purpose.OPERATOR)
        try:
            if options["action"] == "push-fairshare":
                self._push(actor, options)
            elif options["action"] == "import-top500":
                self._import_top500(actor, options)
            elif options["action"] == "watch":
                changed = watch_jobs.apply().get()
                self.stdout.write(f"{changed} jobs changed state")
            else:
                policy = services.policy_set(
                    actor=actor,
                    floor=options["floor"],
                    time_critical_reserve=options["reserve"],
                    half_life_days=options["half_life_days"],
                )
                self.stdout.write(
                    f"policy {policy.pk}: floor {policy.floor}, reserve "
                    f"{policy.time_critical_reserve}, half-life {policy.half_life_days} days"
                )
        except DomainError as error:
            raise CommandError(_explain(error)) from error
        except RuntimeError as error:
            raise CommandError(str(error)) from error

    def _push(self, actor: Any, options: dict[str, Any]) -> None:
        clusters = options["cluster"] or selectors.slurm_clusters()
        if not clusters:
            self.stdout.write("no Slurm cluster: no resource is scheduled by Slurm")
            return
        shares = {row.country: row.share for row in selectors.fairshare()}
        results = services.push_fairshare(
            actor=actor, shares=shares, clusters=clusters, dry_run=options["dry_run"]
        )
        for result in results:
            if options["dry_run"] or options["verbosity"] > 1:
                self.stdout.write(" ".join(result.command))
        verb = "would write" if options["dry_run"] else "wrote"
        self.stdout.write(
            f"{verb} {len(results)} fair-share values ({len(shares)} countries, "
            f"{len(clusters)} clusters)"
        )

    def _import_top500(self, actor: Any, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as unreadable:
            raise CommandError(f"Cannot read {path}: {unreadable.strerror}") from unreadable
        read = read_top500(content, filename=path.name, edition=options["edition"])
        if read.errors:
            for problem in read.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(read.errors)} problem(s) in {path}; fix them and "
                "run again."
            )
        listed = services.top500_import(
            actor=actor,
            edition=read.edition,
            source=options["source"] or path.name,
            systems=read.systems,
        )
        self.stdout.write(f"TOP500 {listed.edition}: {len(read.systems)} systems imported")
