"""A straightforward, independent implementation of the 2022 screening rules.

It shares no code with rtech.codes or rtech.screening: the code tables come from
re-parsing the seed (tools.seed_codes), the rules are written out per
technology from the seed's words, and every row is parsed with the csv module
and every code cell normalised with unicodedata. The correctness test compares
``rtech screen`` with it; the benchmark times it as the pure-Python baseline.

Output rows are dicts with the keys of ``rtech screen``'s JSON Lines. Matched
codes are listed diagnoses (record order) then listed procedures (record
order), as listed in the seed (range hits as normalised); for S01, the anchor
code(s) first, then the partners.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tools.seed_codes import parse_seed

PLACEHOLDERS = {"-", "--", "—", "——", "无", "/", "//", "\\", "NULL", "NONE", "N/A", "NA"}
SLUGS = {
    "S01": "s01_implant",
    "S02": "s02_hifu",
    "S03": "cardio",
    "S04": "maxillofacial_tumor",
    "S05": "craniofacial",
}
DX = re.compile(r"[A-Z]\d{2}(?:\.[0-9X]{1,3}(?:X\d{3,4})?)?")
PX = re.compile(r"\d{2}(?:\.[0-9X]{1,4}(?:X\d{3,4})?)?")
MORPHOLOGY = re.compile(r"M?\d{4,5}/\d$")


def key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def diagnosis_codes(cell: str) -> list[str]:
    k = key(cell)
    if not k or k in PLACEHOLDERS:
        return []
    if DX.fullmatch(k):
        return [k]
    out = []
    for part in re.split(r"[+†]", k):
        if not part:
            continue
        part = part.rstrip("*†")
        m = MORPHOLOGY.search(part)
        if m and m.start() > 0:
            part = part[: m.start()]
        if not DX.fullmatch(part):
            return []
        out.append(part)
    return out


def procedure_codes(cell: str) -> list[str]:
    k = key(cell)
    if not k or k in PLACEHOLDERS or not PX.fullmatch(k):
        return []
    return [k]


class Reference:
    def __init__(self, seed_text: str) -> None:
        self.tables: dict[str, dict[str, dict[str, tuple[str, str]]]] = {}
        seed = parse_seed(seed_text)
        for no, tech in seed.items():
            kinds: dict[str, dict[str, tuple[str, str]]] = {"dx": {}, "px": {}}
            for table in tech.tables:
                target = kinds["dx" if table.system == "ICD-10" else "px"]
                for code, _name, remark in table.rows:
                    target[key(code)] = (code, remark)
            self.tables[no] = kinds
        s01 = [code for code, _, _ in seed["S01"].tables[0].rows]
        self.s01_anchor, self.s01_partners = key(s01[0]), [key(c) for c in s01[1:]]

    def _review(self, no: str, keys: list[str]) -> tuple[bool, list[str]]:
        px = self.tables[no]["px"]
        remarks = [(px[k][0], px[k][1]) for k in keys]
        if remarks and all(r and r != "需结合诊断" for _, r in remarks):
            return True, list(dict.fromkeys(f"{c}：{r}" for c, r in remarks))
        return False, []

    def record(self, record_id: str, dx: list[str], px: list[str]) -> list[dict[str, Any]]:
        out = []

        def add(no: str, rule: str, shown: list[str], review: tuple[bool, list[str]]) -> None:
            out.append(
                {
                    "record_id": record_id,
                    "technology": SLUGS[no],
                    "catalog_no": no,
                    "edition": "2022",
                    "rule": rule,
                    "matched_codes": shown,
                    "needs_review": review[0],
                    "review_reasons": review[1],
                }
            )

        px = list(dict.fromkeys(px))
        dx = list(dict.fromkeys(dx))
        # S01: 1+2、1+3、1+4或者1+5
        if self.s01_anchor in px:
            partners = [k for k in px if k in self.s01_partners]
            if partners:
                t = self.tables["S01"]["px"]
                keys = [self.s01_anchor, *partners]
                add(
                    "S01", "anchor_with_partner", [t[k][0] for k in keys], self._review("S01", keys)
                )
        # S02: C00-C97 and a listed procedure
        hits = [k for k in px if k in self.tables["S02"]["px"]]
        cancers = [k for k in dx if "C00" <= k[:3] <= "C97"]
        if hits and cancers:
            t = self.tables["S02"]["px"]
            add(
                "S02",
                "diagnosis_and_procedure",
                cancers + [t[k][0] for k in hits],
                self._review("S02", hits),
            )
        # S03 and S05: any listed procedure
        for no in ("S03", "S05"):
            t = self.tables[no]["px"]
            hits = [k for k in px if k in t]
            if hits:
                add(no, "any_procedure", [t[k][0] for k in hits], self._review(no, hits))
        # S04: listed diagnosis and listed procedure
        t_px, t_dx = self.tables["S04"]["px"], self.tables["S04"]["dx"]
        hits = [k for k in px if k in t_px]
        dxs = [k for k in dx if k in t_dx]
        if hits and dxs:
            add(
                "S04",
                "diagnosis_and_procedure",
                [t_dx[k][0] for k in dxs] + [t_px[k][0] for k in hits],
                self._review("S04", hits),
            )
        order = ["s01_implant", "s02_hifu", "cardio", "maxillofacial_tumor", "craniofacial"]
        return sorted(out, key=lambda m: order.index(m["technology"]))

    def screen(self, path: Path, encoding: str = "utf-8") -> Iterator[dict[str, Any]]:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            header = [h.lstrip("\ufeff") for h in header]
            id_col = next(i for i, h in enumerate(header) if h in ("病案号", "A48"))
            dx_cols = [
                i
                for i, h in enumerate(header)
                if h in ("主要诊断编码", "C03C") or re.fullmatch(r"其他诊断编码\d+|C06x\d+C", h)
            ]
            px_cols = [
                i
                for i, h in enumerate(header)
                if h in ("主要手术操作编码", "C14x01C")
                or re.fullmatch(r"其他手术操作编码\d+|C35x\d+C", h)
            ]
            for row in reader:
                if len(row) != len(header):
                    continue
                dx = [c for i in dx_cols for c in diagnosis_codes(row[i])]
                px = [c for i in px_cols for c in procedure_codes(row[i])]
                yield from self.record(row[id_col].strip(), dx, px)


def main() -> None:
    """python -m tests.bench.reference FILE [ENCODING]: JSON Lines on stdout."""
    import json

    from tests.seeds import SEED_2022, seeds_dir

    seeds = seeds_dir()
    assert seeds is not None, "seed documents not found"
    reference = Reference((seeds / SEED_2022).read_text(encoding="utf-8"))
    out = sys.stdout
    for match in reference.screen(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "utf-8"):
        out.write(json.dumps(match, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
