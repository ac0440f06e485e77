"""心血管疾病介入诊疗技术 (2022 S03, 2023 S05).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
