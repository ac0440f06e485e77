"""呼吸内镜诊疗技术 (2023 S10).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
