"""自体造血干细胞移植技术 (2023 S06).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
