"""鼻科内镜诊疗技术 (2023 S12).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
