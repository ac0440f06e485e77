"""神经血管介入技术 (2023 S09).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
