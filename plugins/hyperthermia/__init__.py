"""肿瘤深部热疗和全身热疗技术 (2023 S02).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
