"""Reading a TOP500 list file (https://top500.org/lists/top500/, "Download the list": XLSX or
CSV, one row per system) into validated rows for `services.top500_import`.

The columns read are those of the published files since 2017: `Rank`, `Name`, `Computer`,
`Site`, `Manufacturer`, `Country`, `Year`, `Segment`, `Total Cores`, `Rmax [TFlop/s]` and
`Rpeak [TFlop/s]` (other columns are left alone). Older lists give `Rmax` and `Rpeak` in
GFlop/s; those are read too and turned into TFlop/s. Each country, as the list spells it
("Korea, South"), is mapped to its ISO code through the taxonomy's names, formal names and other
spellings. Every problem is reported by row and column; a file with any is not imported.
"""

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pycountry
from django.utils.translation import gettext as _

from aigov.core.exchange.files import file_format_for, read_file
from aigov.core.exchange.report import RowError
from aigov.core.search.normalise import normalise
from aigov.taxonomy.reference.common import reference_path
from aigov.taxonomy.selectors import country_list

TEXT_COLUMNS = {
    "name": "Name",
    "computer": "Computer",
    "manufacturer": "Manufacturer",
    "segment": "Segment",
}
TFLOPS = {"rmax_tflops": "Rmax [TFlop/s]", "rpeak_tflops": "Rpeak [TFlop/s]"}
GFLOPS = {"rmax_tflops": "Rmax", "rpeak_tflops": "Rpeak"}  # lists before 2017
REQUIRED = ("Rank", "Site", "Country")
PUBLISHED = (
    *REQUIRED,
    "Year",
    "Total Cores",
    *TEXT_COLUMNS.values(),
    *TFLOPS.values(),
    *GFLOPS.values(),
)
EDITION = re.compile(r"(19|20)(\d{2})-?(0[1-9]|1[0-2])")


@dataclass
class Top500File:
    edition: str
    systems: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def edition_from(name: str) -> str:
    """The edition ("2025-06") a file's name carries ("TOP500_202506.xlsx"), or ""."""
    found = EDITION.search(Path(name).name)
    return f"{found.group(1)}{found.group(2)}-{found.group(3)}" if found else ""


def _countries() -> dict[str, str]:
    """Every spelling known, folded, to its ISO alpha-3 code: the taxonomy's names, formal names
    and other spellings; the short English names of the UN regional groups' list ("United
    States", "South Korea", "Russia"); and ISO 3166's names and common names (pycountry:
    "Taiwan"), which TOP500 lists use."""
    spellings: dict[str, str] = {}
    rows = country_list().values_list("iso3", "iso2", "names", "formal_names", "aliases")
    known = set()
    for iso3, iso2, names, formal_names, aliases in rows:
        known.add(iso3)
        for spelling in [iso3, iso2, *names.values(), *formal_names.values(), *aliases]:
            if spelling:
                spellings.setdefault(normalise(spelling), iso3)
    with reference_path("un_regional_groups.csv").open(encoding="utf-8") as listed:
        for row in csv.DictReader(listed):
            if row["iso3"] in known:
                spellings.setdefault(normalise(row["name"]), row["iso3"])
    for country in pycountry.countries:
        for spelling in (country.name, getattr(country, "common_name", "")):
            if spelling and country.alpha_3 in known:
                spellings.setdefault(normalise(spelling), country.alpha_3)
    return spellings


def country_code(listed: str, spellings: dict[str, str]) -> str | None:
    """The ISO code of a country as TOP500 spells it; "Korea, South" is "South Korea"."""
    text = listed.strip()
    candidates = [text]
    if "," in text:
        head, _comma, tail = text.partition(",")
        candidates.append(f"{tail.strip()} {head.strip()}")
    for candidate in candidates:
        code = spellings.get(normalise(candidate))
        if code:
            return code
    return None


def _number(value: Any, column: str, row: int, errors: list[RowError], *, whole: bool) -> Any:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number < 0 or (whole and number != number.to_integral_value()):
        message = _("Give a number of zero or more here.")
        errors.append(RowError(row=row, field=column, code="invalid", message=message))
        return None
    return int(number) if whole else number


def read_top500(content: bytes, *, filename: str, edition: str = "") -> Top500File:
    """Read a TOP500 list file; return its systems as fields of `Top500System`, or the errors."""
    result = Top500File(edition=edition or edition_from(filename))
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", result.edition):
        message = _(
            "Say which list this is (--edition YYYY-MM, e.g. 2025-06), or keep the date in the "
            "file's name as top500.org gives it (TOP500_202506.xlsx)."
        )
        result.errors.append(RowError(row=None, field=None, code="edition", message=message))
    parsed = read_file(content, file_format_for(filename=filename))  # InvalidInput: not csv/xlsx
    result.errors.extend(parsed.errors)
    if parsed.is_refused or parsed.columns is None:
        return result
    columns = set(parsed.columns)  # read lower-cased; named in messages as published
    units = TFLOPS if TFLOPS["rmax_tflops"].lower() in columns else GFLOPS
    missing = [name for name in (*REQUIRED, units["rmax_tflops"]) if name.lower() not in columns]
    for name in missing:
        message = _("The file has no column %(column)s; is it a TOP500 list?") % {"column": name}
        result.errors.append(RowError(row=None, field=name, code="missing_column", message=message))
    if missing:
        return result
    spellings = _countries()
    ranks: dict[int, int] = {}
    for source in parsed.rows:
        row, errors = source.number, result.errors
        values = {column: source.values.get(column.lower()) for column in PUBLISHED}
        rank = _number(values.get("Rank"), "Rank", row, errors, whole=True)
        listed = str(values.get("Country") or "").strip()
        country = country_code(listed, spellings) if listed else None
        if country is None:
            message = _("No country in the taxonomy is called “%(name)s”.") % {"name": listed}
            errors.append(RowError(row=row, field="Country", code="unknown", message=message))
        site = str(values.get("Site") or "").strip()
        if not site:
            errors.append(RowError(row=row, field="Site", code="required", message=_("Required.")))
        system: dict[str, Any] = {
            "rank": rank,
            "country_id": country,
            "country_listed": listed,
            "site": site,
        }
        for name, column in TEXT_COLUMNS.items():
            system[name] = str(values.get(column) or "").strip()
        system["year"] = _number(values.get("Year"), "Year", row, errors, whole=True)
        system["total_cores"] = _number(
            values.get("Total Cores"), "Total Cores", row, errors, whole=True
        )
        for name, column in units.items():
            value = _number(values.get(column), column, row, errors, whole=False)
            # Older lists count in GFlop/s.
            system[name] = value / 1000 if value is not None and units is GFLOPS else value
        if system["rmax_tflops"] is None:
            column = units["rmax_tflops"]
            errors.append(RowError(row=row, field=column, code="required", message=_("Required.")))
        if rank is None:
            errors.append(RowError(row=row, field="Rank", code="required", message=_("Required.")))
        elif rank in ranks:
            message = _("Rank %(rank)d is also on row %(row)d.") % {
                "rank": rank,
                "row": ranks[rank],
            }
            errors.append(RowError(row=row, field="Rank", code="duplicate", message=message))
        else:
            ranks[rank] = row
        result.systems.append(system)
    return result
