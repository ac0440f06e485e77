"""肿瘤深部热疗和全身热疗技术 (2023 S02).

Its parts are found by convention (rtech.conventions): meta, checks,
indicators, followup, curated, demo and the forms beside them. The scores it
derives (the confirmed tumour response, the quality-of-life verdict) are
supplied by the hook below, for the review's 计算所得.
"""

from __future__ import annotations

from collections.abc import Sequence

from rtech import Derived, hookimpl


@hookimpl
def rtech_derived_scores() -> Sequence[Derived]:
    from rtech.plugins.hyperthermia.indicators import SCORES

    return SCORES
