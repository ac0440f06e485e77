"""全身高能X线（及钴60γ线）照射技术 (2023 S07).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
