"""口腔颌面复杂种植技术 (2022 S01).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
