"""An import-linter contract for the modules' public faces (configured in `.importlinter`).

import-linter's own contracts forbid what is listed; modules must instead reach each other only
through what is allowed (`services` for writes, `selectors` for reads), whatever files a module
grows later. Allowed too: one module's `models` importing another's `models`, for a foreign key.
A public face may be a module or a package (`capacity/services.py` or `capacity/services/...`).
"""

from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils


def _child(module: str, package: str) -> str | None:
    """Return the name of `package`'s child that `module` is or lies in (None for itself)."""
    rest = module[len(package) + 1 :]
    return rest.split(".")[0] if rest else None


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


class ModuleInterfacesContract(Contract):
    """Modules import each other's `public` children only (and `models` from `models`).

    Options:
        - modules:        the packages whose imports of one another are checked;
        - public:         the children of a module the others may import;
        - ignore_imports: imports to leave out, as in import-linter's own contracts.
    """

    type_name = "module_interfaces"

    modules = fields.ListField(subfield=fields.ModuleField())
    public = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(
        contract_utils.AlertLevel, default=contract_utils.AlertLevel.ERROR
    )

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        packages = [module.name for module in self.modules]  # type: ignore[attr-defined]
        public = set(self.public)  # type: ignore[call-overload]
        breaches: list[Any] = []  # grimp's import details: importer, imported, line
        for importer in sorted(graph.modules):
            home = next((p for p in packages if _within(importer, p)), None)
            if home is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = next((p for p in packages if _within(imported, p)), None)
                if target is None or target == home:
                    continue
                face = _child(imported, target)
                if face in public or (face == "models" and _child(importer, home) == "models"):
                    continue
                breaches.extend(graph.get_import_details(importer=importer, imported=imported))
        return ContractCheck(
            kept=not breaches,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"breaches": breaches},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        faces = " or ".join(sorted(self.public))  # type: ignore[call-overload]
        for breach in check.metadata["breaches"]:
            output.print_error(
                f"- {breach['importer']} -> {breach['imported']} (l.{breach['line_number']}): "
                f"{breach['line_contents']}",
                bold=False,
            )
        output.new_line()
        output.print(f"A module may import another module's {faces} only.")
