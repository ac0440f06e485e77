"""人工耳蜗植入技术 (2023 S08).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
