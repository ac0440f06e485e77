"""消化内镜诊疗技术 (2023 S11).

Its parts are found by convention (rtech.conventions): meta, checks, indicators,
followup, demo, curated and the forms beside them. The scores the indicators
compute from measurements (Hb drop, SIRS) are supplied here, for the review.
"""

from __future__ import annotations

from collections.abc import Sequence

from rtech import Derived, Technology, hookimpl


@hookimpl
def rtech_derived_scores(technology: Technology) -> Sequence[Derived]:
    """术后三天内血红蛋白降低 and 全身感染 (2023 S11 质量控制指标 六 说明 1、3)."""
    from rtech.plugins.gi_endoscopy.indicators import SCORES

    return SCORES
