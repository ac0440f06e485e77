"""聚焦超声消融恶性肿瘤治疗技术 (2022 S02).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators, followup, demo, curated and the forms beside them. The local response
(mRECIST) the indicators compute from the measurements is supplied here, for the
review.
"""

from __future__ import annotations

from collections.abc import Sequence

from rtech import Derived, Technology, hookimpl


@hookimpl
def rtech_derived_scores(technology: Technology) -> Sequence[Derived]:
    """局部疗效（mRECIST） (2022 S02 质量控制指标 五 注)."""
    from rtech.plugins.s02_hifu.indicators import DERIVED

    return DERIVED
