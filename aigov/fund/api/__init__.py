"""/api/fund/: contributions, pledges, calls, applications, reviews, grants, disbursements and
grant reports, the trial balance, IATI files.

Amounts are JSON strings holding decimals ("1250.00"), never binary floats. Every read goes
through `aigov.fund.selectors`, narrowed to what the caller may read; every write through
`aigov.fund.services`, which refuse invalid or unbalanced input with 422 (nothing written) and
what would overdraw a grant or the fund with 409.
"""

from ninja import Router

from aigov.fund.api import calls, money, open_data, reports

router = Router(tags=["fund"])
router.add_router("", money.router)
router.add_router("", calls.router)
router.add_router("", open_data.router)
router.add_router("", reports.router)

__all__ = ["router"]
