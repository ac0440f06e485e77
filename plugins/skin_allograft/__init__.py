"""同种异体皮肤移植技术 (2023 S01).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
