"""String formats the forms use: ``date`` and ``cn-resident-id``.

Both checkers raise :class:`FormatProblem` with a Chinese message naming the
value, which the validation messages pass on to the user.
"""

from __future__ import annotations

import re
from datetime import date

from jsonschema import FormatChecker

__all__ = [
    "FORMAT_CHECKER",
    "FormatProblem",
    "check_date",
    "check_resident_id",
    "mask_resident_id",
    "resident_id_check_digit",
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")
#: GB 11643-1999 4.2: weights of the 17 body digits (2^(18-i) mod 11).
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: GB 11643-1999 4.2: the check character for each remainder 0..10.
_CHECK = "10X98765432"


class FormatProblem(ValueError):  # noqa: N818 - a problem with the value, not a program error
    """A value that is not of its declared format; the message is Chinese."""


def check_date(value: object) -> bool:
    """``YYYY-MM-DD``, a real calendar day."""
    if not isinstance(value, str):
        return True  # the type keyword reports non-strings
    if not _ISO_DATE.match(value):
        raise FormatProblem(f"“{value}”不是 YYYY-MM-DD 格式的日期")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise FormatProblem(f"“{value}”不是有效日期（该月没有这一天）") from None
    return True


def resident_id_check_digit(body: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(body, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def check_resident_id(value: object) -> bool:
    """An 18-character 居民身份证号: 17 digits, a valid birth date, the check character."""
    if not isinstance(value, str):
        return True
    if len(value) != 18:
        raise FormatProblem(f"身份证号“{value}”应为18位，实际为{len(value)}位")
    if not _RESIDENT_ID.match(value):
        raise FormatProblem(f"身份证号“{value}”的前17位应为数字，最后一位为数字或X")
    if value[0] == "0":
        raise FormatProblem(f"身份证号“{value}”的地址码“{value[:6]}”无效")
    born = value[6:14]
    try:
        birth = date(int(born[:4]), int(born[4:6]), int(born[6:]))
    except ValueError:
        raise FormatProblem(f"身份证号“{value}”中的出生日期“{born}”无效") from None
    if birth.year < 1890 or birth > date.today():
        raise FormatProblem(f"身份证号“{value}”中的出生日期“{born}”不合理")
    expected = resident_id_check_digit(value[:17])
    if value[17] != expected:
        raise FormatProblem(
            f"身份证号“{value}”校验码不符：最后一位应为“{expected}”，输入为“{value[17]}”"
            "（请核对各位数字）"
        )
    return True


def mask_resident_id(value: str) -> str:
    """Keep the address code and the last four characters: ``110105********003X``."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


FORMAT_CHECKER = FormatChecker(formats=())
FORMAT_CHECKER.checks("date", raises=FormatProblem)(check_date)
FORMAT_CHECKER.checks("cn-resident-id", raises=FormatProblem)(check_resident_id)
