"""Synthetic 住院病案首页 exports for the screening test and benchmark.

Rows are realistically wide: about 70 administrative and fee columns, then the
main diagnosis and 40 other diagnoses (code, name, admission condition each),
then the main procedure and 40 other procedures (code, name, date, level,
operator, anaesthesia each): 431 columns, most of them empty, as in real
exports. Code cells carry the noise the normaliser must handle: full-width
characters, upper-case X, spaces (outer and inner), placeholders, morphology
suffixes, dagger/asterisk pairs, near-miss codes (child, parent and sibling
codes of listed ones) and implausible cells. About 3 % of records hold a listed
procedure.

Two variations of the records, alone or together (issue 17):

- *dense* (a cardiac or oncology centre): 37 % of records hold a listed
  procedure and 30 % a cancer diagnosis, so that about a quarter of the records
  match a technology;
- *noisy* (a HIS that writes codes its own way): every code cell is written
  full-width or padded with spaces (outer, inner, ideographic), never plainly.

The *narrow* shape keeps only the columns screening reads (record id,
discharge date, 1 + 40 diagnosis codes, 1 + 40 procedure codes: 84 columns),
as an analyst's extract would: the same records, about a fifth of the bytes.

    python -m tests.bench.synthetic OUT.csv [N] [--encoding gb18030] [--hqms] [--narrow]
                                    [--dense] [--noisy]
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

from tools.seed_codes import parse_seed

SLOTS = 40
ADMIN = [
    "医疗机构",
    "组织机构代码",
    "医疗付费方式",
    "健康卡号",
    "住院次数",
    "姓名",
    "性别",
    "出生日期",
    "年龄",
    "国籍",
    "民族",
    "身份证号",
    "职业",
    "婚姻",
    "现住址",
    "电话",
    "邮编",
    "户口地址",
    "工作单位及地址",
    "联系人姓名",
    "关系",
    "联系人地址",
    "联系人电话",
    "入院途径",
    "入院时间",
    "入院科别",
    "入院病房",
    "转科科别",
    "出院科别",
    "出院病房",
    "实际住院天数",
    "门急诊诊断",
    "门急诊诊断编码",
    "科主任",
    "主任医师",
    "主治医师",
    "住院医师",
    "责任护士",
    "编码员",
    "病案质量",
    "离院方式",
]
FEES = [f"费用{i}" for i in range(1, 31)]
DX_GROUP = ("其他诊断编码{n}", "其他诊断名称{n}", "入院病情{n}")
PX_GROUP = (
    "其他手术操作编码{n}",
    "其他手术操作名称{n}",
    "手术操作日期{n}",
    "手术级别{n}",
    "术者{n}",
    "麻醉方式{n}",
)
HQMS_DX = ("C06x{n:02d}C", "C07n{n:02d}", "C08x{n:02d}")
HQMS_PX = (
    "C35x{n:02d}C",
    "C36n{n:02d}",
    "C37x{n:02d}",
    "C38x{n:02d}",
    "C39n{n:02d}",
    "C42x{n:02d}",
)

COMMON_DX = ["I10.x00", "E11.900", "K80.100", "J18.900", "I25.103", "N18.500", "K29.700", "I63.900"]
COMMON_PX = ["99.0401", "88.7101", "45.1300", "51.2300", "80.5100", "86.2200", "38.9300", "96.0401"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"]
ADDRESSES = ["四川省成都市武侯区人民南路四段", "四川省绵阳市涪城区临园路", "四川省南充市顺庆区"]
PLACEHOLDERS = ["-", "无", "/", "—", "NULL"]
FULL = str.maketrans("0123456789.xX", "０１２３４５６７８９．ｘＸ")


def headers(hqms: bool = False) -> list[str]:
    cols = ["A48" if hqms else "病案号", *ADMIN, "B15" if hqms else "出院日期", *FEES]
    cols += ["C03C" if hqms else "主要诊断编码", "主要诊断名称", "主要诊断入院病情"]
    for n in range(1, SLOTS + 1):
        cols += [(h.format(n=n)) for h in (HQMS_DX if hqms else DX_GROUP)]
    cols += ["C14x01C" if hqms else "主要手术操作编码", "主要手术操作名称", "主要手术操作日期"]
    cols += ["主要手术级别", "主要手术术者", "主要手术麻醉方式"]
    for n in range(1, SLOTS + 1):
        cols += [(h.format(n=n)) for h in (HQMS_PX if hqms else PX_GROUP)]
    return cols


def narrow_columns(hqms: bool = False) -> list[int]:
    """Indexes (in :func:`headers`) of the columns of the narrow shape."""
    names = headers(hqms)
    wanted = {"病案号", "A48", "出院日期", "B15", "主要诊断编码", "C03C", "主要手术操作编码"}
    wanted |= {"C14x01C"}
    return [
        i
        for i, name in enumerate(names)
        if name in wanted
        or name.startswith(("其他诊断编码", "其他手术操作编码"))
        or (name.startswith(("C06x", "C35x")) and name.endswith("C"))
    ]


def _noisy(code: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.005:
        return code.translate(FULL)
    if roll < 0.02:
        return code.upper()
    if roll < 0.035:
        return f" {code} "
    if roll < 0.04:
        cut = rng.randrange(1, len(code))
        return code[:cut] + rng.choice([" ", "\u3000", "  "]) + code[cut:]
    if roll < 0.042:
        return "\t" + code
    return code


def _every_cell_noisy(code: str, rng: random.Random) -> str:
    """A code as a noisy HIS writes every cell: full-width, or padded with spaces."""
    roll = rng.random()
    if roll < 0.5:
        return code.translate(FULL)
    if roll < 0.75:
        return f" {code} "
    cut = rng.randrange(1, len(code))
    return code[:cut] + rng.choice([" ", "\u3000", "  "]) + code[cut:]


def _near_miss(code: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return code + "x001" if "x" not in code else code[:-1] + "9"
    if roll < 0.7:
        return code[:5]
    return code[:-1] + str((int(code[-1]) + 1) % 10)


class Generator:
    def __init__(
        self, seed_text: str, seed: int = 7, *, dense: bool = False, noisy: bool = False
    ) -> None:
        tables = parse_seed(seed_text)
        self.rng = random.Random(seed)
        self.listed_share = 0.37 if dense else 0.03
        self.cancer_share = 0.3 if dense else 0.08
        self.noise = _every_cell_noisy if noisy else _noisy
        self.listed_px = [
            code
            for t in tables.values()
            for table in t.tables
            for code, _, _ in table.rows
            if table.system == "ICD-9-CM-3"
        ]
        self.listed_dx = [
            code
            for t in tables.values()
            for table in t.tables
            for code, _, _ in table.rows
            if table.system == "ICD-10"
        ]
        self.qualified = [
            code
            for t in tables.values()
            for table in t.tables
            for code, _, remark in table.rows
            if remark and remark != "需结合诊断"
        ]
        self.s01 = [code for code, _, _ in tables["S01"].tables[0].rows]
        self.with_diagnosis = [
            code for no in ("S02", "S04") for code, _, _ in tables[no].tables[-1].rows
        ]
        rng = self.rng
        self.admin_pool = [self._admin(rng) for _ in range(2000)]
        self.fee_pool = [
            ",".join(f"{rng.uniform(0, 9000):.2f}" if rng.random() < 0.5 else "" for _ in FEES)
            for _ in range(500)
        ]

    def _admin(self, rng: random.Random) -> str:
        values = [
            "四川省人民医院",
            "45071234-5",
            str(rng.randint(1, 8)),
            "",
            str(rng.randint(1, 5)),
            rng.choice(NAMES),
            rng.choice(["1", "2"]),
            f"19{rng.randint(30, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            str(rng.randint(1, 95)),
            "中国",
            "汉族",
            f"5101{rng.randint(10**13, 10**14 - 1)}",
            "职员",
            "2",
            rng.choice(ADDRESSES),
            f"138{rng.randint(10**7, 10**8 - 1)}",
            "610041",
            rng.choice(ADDRESSES),
            "",
            rng.choice(NAMES),
            "配偶",
            "",
            "",
            "1",
            f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 0{rng.randint(0, 9)}:30:00",
            "心血管内科",
            "",
            "",
            "心血管内科",
            "",
            str(rng.randint(1, 30)),
            "胸痛",
            "R07.400",
            "李主任",
            "王医生",
            "张医生",
            "刘医生",
            "陈护士",
            "赵编码员",
            "1",
            "1",
        ]
        return ",".join(values)

    def _dx(self, rng: random.Random, cancer: bool) -> str:
        roll = rng.random()
        if cancer and roll < 0.5:
            code = rng.choice(self.listed_dx) if rng.random() < 0.5 else "C22.000"
            if rng.random() < 0.2:
                return self.noise(code, rng) + "M81600/3"
            return self.noise(code, rng)
        if roll < 0.02:
            return "A01.000x003+G01*"
        if roll < 0.03:
            return rng.choice(["abc", '"I25,103"', "？", "I2S.103"])
        return self.noise(rng.choice(COMMON_DX), rng)

    def _px(self, rng: random.Random, listed: bool) -> str:
        if listed:
            pool = self.qualified if rng.random() < 0.1 else self.listed_px
            return self.noise(rng.choice(pool), rng)
        roll = rng.random()
        if roll < 0.03:
            return self.noise(_near_miss(rng.choice(self.listed_px), rng), rng)
        if roll < 0.035:
            return rng.choice(['"37,3401"', "abc", "37.34O1", "３７、３４"])
        return self.noise(rng.choice(COMMON_PX), rng)

    def rows(self, count: int, start: int = 0) -> Iterator[str]:
        rng = self.rng
        for number in range(start, start + count):
            listed = rng.random() < self.listed_share
            cancer = rng.random() < self.cancer_share
            n_dx = rng.randint(1, 6)
            dx = [self._dx(rng, cancer) for _ in range(n_dx)]
            n_px = rng.choice((0, 0, 1, 1, 2, 3))
            if listed:
                n_px = max(n_px, 1)
            px = [self._px(rng, listed and i == 0) for i in range(n_px)]
            if listed and cancer and rng.random() < 0.6:
                px[0] = self.noise(rng.choice(self.with_diagnosis), rng)
            elif listed and rng.random() < 0.1:
                px = [self.noise(self.s01[0], rng), self.noise(rng.choice(self.s01[1:]), rng)]
            filler = rng.choice(PLACEHOLDERS) if rng.random() < 0.1 else ""
            main_dx = f"{dx[0]},主要诊断,1"
            groups = [f"{c},其他诊断,1" for c in dx[1:]]
            if filler:
                groups.append(f"{filler},,")
            groups += [",,"] * (SLOTS - len(groups))
            main_px = f"{px[0]},手术,2023-03-01,3,王医生,全麻" if px else f"{filler},,,,,"
            px_groups = [f"{c},手术,2023-03-01,2,王医生,局麻" for c in px[1:]]
            px_groups += [",,,,,"] * (SLOTS - len(px_groups))
            others = "," + ",".join(groups)
            other_px = "," + ",".join(px_groups)
            date = f"2023-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"
            yield (
                f"BA{number:09d},{rng.choice(self.admin_pool)},{date},{rng.choice(self.fee_pool)},"
                f"{main_dx}{others},{main_px}{other_px}"
            )


def write(
    path: Path,
    count: int,
    seed_text: str,
    *,
    encoding: str = "utf-8",
    hqms: bool = False,
    seed: int = 7,
    bom: bool = False,
    newline: str = "\n",
    narrow: bool = False,
    dense: bool = False,
    noisy: bool = False,
) -> Path:
    generator = Generator(seed_text, seed, dense=dense, noisy=noisy)
    names = headers(hqms)
    rows: Iterator[str] = generator.rows(count)
    if narrow:
        keep = narrow_columns(hqms)
        names = [names[i] for i in keep]
        rows = _project(rows, keep)
    with path.open("w", encoding=("utf-8-sig" if bom else encoding), newline="") as handle:
        handle.write(",".join(names) + newline)
        batch: list[str] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 10000:
                handle.write(newline.join(batch) + newline)
                batch.clear()
        if batch:
            handle.write(newline.join(batch) + newline)
    return path


def _project(rows: Iterator[str], keep: list[int]) -> Iterator[str]:
    import csv
    import io

    for row in rows:
        if '"' not in row:
            cells = row.split(",")
            yield ",".join(cells[i] for i in keep)
            continue
        cells = next(csv.reader([row]))
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow([cells[i] for i in keep])
        yield out.getvalue()


def main() -> None:
    from tests.seeds import SEED_2022, seeds_dir

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out, count = Path(args[0]), int(args[1]) if len(args) > 1 else 1_000_000
    seeds = seeds_dir()
    if seeds is None:
        sys.exit("seed documents not found (set RTECH_SEEDS_DIR)")
    encoding = "gb18030" if "--encoding=gb18030" in sys.argv or "gb18030" in sys.argv else "utf-8"
    text = (seeds / SEED_2022).read_text(encoding="utf-8")
    hqms, narrow = "--hqms" in sys.argv, "--narrow" in sys.argv
    dense, noisy = "--dense" in sys.argv, "--noisy" in sys.argv
    write(out, count, text, encoding=encoding, hqms=hqms, narrow=narrow, dense=dense, noisy=noisy)


if __name__ == "__main__":
    main()
