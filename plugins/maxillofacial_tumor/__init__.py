"""口腔颌面部肿瘤颅颌联合根治技术 (2022 S04, 2023 S04).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
