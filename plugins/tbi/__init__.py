"""全身高能X线（及钴60γ线）照射技术 (2023 S07).

Its parts are found by convention (rtech.conventions): meta, checks,
indicators, curated, demo and the forms beside them. The score it derives
(体中心剂量控制合格, from 附件2) is supplied by the hook below, for the review's
计算所得.
"""

from __future__ import annotations

from collections.abc import Sequence

from rtech import Derived, hookimpl


@hookimpl
def rtech_derived_scores() -> Sequence[Derived]:
    from rtech.plugins.tbi.indicators import SCORES

    return SCORES
