"""What a neurovascular case is coded with, listed first when a code is searched
(``rtech_curated_codes``; the hospital's own dictionary and other lists follow).

The 2023 seed prints no code tables, so these are categories at the level
docs/plugin-guide.md sets for a technology without codes: acute cerebral
infarction and the large-vessel occlusions behind it, symptomatic intracranial
stenosis, unruptured and ruptured aneurysms (subarachnoid haemorrhage), and the
endovascular procedures of the 2023 S09 definition (颅内段狭窄血管介入性治疗、
动脉瘤血管内栓塞术、急性大血管闭塞性卒中血管内治疗) and of indicator 一's 说明
(动脉溶栓术、支架取栓术、血栓抽吸术、球囊扩张术、支架置入术). Cerebral angiography
is listed because the form records "仅行颅脑DSA检查" apart (not this technology
on its own: "脑血管造影…不在本技术适用范围内"). The hospital's dictionary brings
the edition's full extension codes (x001 …).
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

DIAGNOSES = ValueSet(
    id="neurovascular.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="神经血管介入病例常用诊断（ICD-10 国家临床版2.0 亚目）",
    entries=(
        # 急性脑梗死（大血管闭塞）
        CodeEntry("I63.0", "入脑前动脉血栓形成引起的脑梗死"),
        CodeEntry("I63.1", "入脑前动脉栓塞引起的脑梗死"),
        CodeEntry("I63.3", "大脑动脉血栓形成引起的脑梗死"),
        CodeEntry("I63.4", "大脑动脉栓塞引起的脑梗死", aliases=("心源性脑栓塞",)),
        CodeEntry("I63.5", "大脑动脉闭塞或狭窄引起的脑梗死", aliases=("大血管闭塞", "LVO")),
        CodeEntry("I63.9", "脑梗死", aliases=("急性脑梗死", "缺血性卒中", "脑梗")),
        # 颅内动脉狭窄
        CodeEntry("I66.0", "大脑中动脉闭塞和狭窄", aliases=("大脑中动脉狭窄",)),
        CodeEntry("I66.9", "大脑动脉闭塞和狭窄", aliases=("颅内动脉狭窄",)),
        CodeEntry("I65.0", "椎动脉闭塞和狭窄"),
        CodeEntry("I65.1", "基底动脉闭塞和狭窄", aliases=("基底动脉狭窄",)),
        CodeEntry("I65.2", "颈动脉闭塞和狭窄"),
        # 颅内动脉瘤
        CodeEntry("I67.1", "大脑动脉瘤，未破裂", aliases=("未破裂颅内动脉瘤", "UIA")),
        CodeEntry("I60.9", "蛛网膜下出血", aliases=("蛛网膜下腔出血", "SAH", "动脉瘤破裂")),
        CodeEntry("I60.7", "颅内动脉的蛛网膜下出血", aliases=("破裂颅内动脉瘤",)),
        # 并发症
        CodeEntry("I61.9", "脑内出血", aliases=("脑出血", "颅内出血")),
    ),
)

PROCEDURES = ValueSet(
    id="neurovascular.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="神经血管介入病例常用手术/操作（ICD-9-CM-3 国家临床版3.0 细目）",
    entries=(
        CodeEntry(
            "39.7400",
            "头和颈部血管阻塞的血管内去除术",
            aliases=("支架取栓术", "血栓抽吸术", "机械取栓", "取栓"),
        ),
        CodeEntry("99.1000", "注射或输注血栓溶解剂", aliases=("动脉溶栓术", "溶栓")),
        CodeEntry("00.6200", "颅内血管经皮血管成形术", aliases=("球囊扩张术", "颅内血管成形")),
        CodeEntry("00.6500", "颅内血管经皮支架置入", aliases=("支架置入术", "颅内支架")),
        CodeEntry(
            "39.7200",
            "头和颈部血管的血管内栓塞或闭塞术",
            aliases=("动脉瘤栓塞", "动脉瘤血管内栓塞术"),
        ),
        CodeEntry(
            "39.7500", "使用裸弹簧圈的头和颈部血管的血管内栓塞或闭塞术", aliases=("弹簧圈栓塞",)
        ),
        CodeEntry("88.4100", "脑动脉造影", aliases=("脑血管造影", "DSA", "全脑血管造影")),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
