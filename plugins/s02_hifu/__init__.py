"""聚焦超声消融恶性肿瘤治疗技术 (2022 S02).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
