"""颅颌面畸形颅面外科矫治技术 (2022 S05, 2023 S03).

Its parts are found by convention (rtech.conventions): meta, codes, checks,
indicators and the forms beside them.
"""
