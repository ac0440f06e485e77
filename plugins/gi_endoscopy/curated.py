"""The diagnoses and procedures a gi_endoscopy case asks about, searched first
(``rtech_curated_codes``: before the hospital's dictionary and the other lists).

2023 prints no code tables: as docs/plugin-guide.md says for a technology without
codes, the lists hold categories of what the form records (ICD-10 亚目, ICD-9-CM-3 细目
with the ``00`` extension) — the biliary and pancreatic diseases of ERCP and EUS,
the early neoplasms of ESD, varices and portal hypertension, small-bowel bleeding
and lesions of enteroscopy; ERCP with its sphincterotomy, stone removal, stents and
pancreatic-duct ablation (2023 S11 指标 一、二), endoscopic excision of oesophageal,
gastric, duodenal and colonic lesions (ESD, 指标 四), variceal ligation and injection
(十八至二十三), EUS-guided biopsy and drainage (七至十三) and enteroscopy (十四至十七). ``aliases``
are what endoscopists type. The hospital's dictionary brings the full extension
codes.
"""

from __future__ import annotations

from rtech import CodeEntry, CodeKind, ValueSet

__all__ = ["DIAGNOSES", "LISTS", "PROCEDURES"]

DIAGNOSES = ValueSet(
    id="gi_endoscopy.curated.diagnoses",
    kind=CodeKind.DIAGNOSIS,
    title="消化内镜诊疗病例常用诊断（ICD-10 国家临床版2.0 亚目）",
    entries=(
        # 胆胰疾病（ERCP、超声内镜）
        CodeEntry("K80.3", "胆管结石伴有胆管炎", aliases=("胆总管结石伴胆管炎",)),
        CodeEntry(
            "K80.5", "胆管结石不伴有胆管炎或胆囊炎", aliases=("胆总管结石", "胆管结石", "CBD结石")
        ),
        CodeEntry("K83.1", "胆管梗阻", aliases=("梗阻性黄疸", "胆道梗阻")),
        CodeEntry("K85.9", "急性胰腺炎", aliases=("胰腺炎",)),
        CodeEntry("K86.1", "慢性胰腺炎", aliases=("胰管结石",)),
        CodeEntry("K86.2", "胰腺囊肿", aliases=("胰腺囊性病变",)),
        CodeEntry("K86.3", "胰腺假性囊肿", aliases=("包裹性坏死", "WON")),
        CodeEntry("C25.9", "胰腺恶性肿瘤", aliases=("胰腺癌",)),
        CodeEntry("C24.0", "肝外胆管恶性肿瘤", aliases=("胆管癌",)),
        CodeEntry("C22.0", "肝细胞癌", aliases=("肝癌",)),
        CodeEntry("K76.8", "肝的其他特指疾病", aliases=("肝囊肿",)),
        # ESD: 早期癌、上皮内瘤变、黏膜下肿瘤
        CodeEntry("D00.1", "食管原位癌", aliases=("早期食管癌", "食管高级别上皮内瘤变")),
        CodeEntry("D00.2", "胃原位癌", aliases=("早期胃癌", "胃高级别上皮内瘤变")),
        CodeEntry("D01.0", "结肠原位癌", aliases=("早期结肠癌",)),
        CodeEntry("D01.2", "直肠原位癌", aliases=("早期直肠癌",)),
        CodeEntry("C16.9", "胃恶性肿瘤", aliases=("胃癌",)),
        CodeEntry("C15.9", "食管恶性肿瘤", aliases=("食管癌",)),
        CodeEntry("D13.1", "胃良性肿瘤", aliases=("胃腺瘤", "胃低级别上皮内瘤变")),
        CodeEntry("D12.6", "结肠良性肿瘤", aliases=("结肠腺瘤",)),
        CodeEntry("K63.5", "结肠息肉", aliases=("肠息肉",)),
        CodeEntry("K31.7", "胃和十二指肠息肉", aliases=("胃息肉",)),
        CodeEntry("D37.1", "胃动态未定或动态未知的肿瘤", aliases=("胃间质瘤", "GIST")),
        # 静脉曲张与门脉高压
        CodeEntry("I85.0", "食管静脉曲张伴有出血", aliases=("食管胃静脉曲张破裂出血", "EVB")),
        CodeEntry("I85.9", "食管静脉曲张不伴有出血", aliases=("食管静脉曲张",)),
        CodeEntry("I86.4", "胃静脉曲张", aliases=("胃底静脉曲张",)),
        CodeEntry("K74.6", "肝硬化", aliases=("乙肝肝硬化", "失代偿期肝硬化")),
        CodeEntry("K76.6", "门静脉高压", aliases=("门脉高压",)),
        # 小肠与消化道出血
        CodeEntry("K92.2", "胃肠出血", aliases=("消化道出血", "小肠出血")),
        CodeEntry("K50.0", "小肠克罗恩病", aliases=("克罗恩病",)),
        CodeEntry("D13.3", "小肠良性肿瘤", aliases=("小肠息肉",)),
        CodeEntry("K56.6", "肠梗阻", aliases=("小肠狭窄",)),
        CodeEntry("T18.3", "小肠内异物", aliases=("小肠异物",)),
        CodeEntry("K31.1", "成人肥厚性幽门狭窄", aliases=("胃出口梗阻", "幽门梗阻")),
    ),
)

PROCEDURES = ValueSet(
    id="gi_endoscopy.curated.procedures",
    kind=CodeKind.PROCEDURE,
    title="消化内镜诊疗病例常用手术/操作（ICD-9-CM-3 国家临床版3.0 细目）",
    entries=(
        # ERCP 及相关技术
        CodeEntry("51.1000", "内镜逆行胰胆管造影[ERCP]", aliases=("ERCP", "逆行胰胆管造影")),
        CodeEntry("51.8500", "内镜下括约肌切开术和乳头切开术", aliases=("EST", "乳头括约肌切开")),
        CodeEntry("51.8800", "内镜下胆管结石去除术", aliases=("ERCP取石", "胆管取石", "碎石取石")),
        CodeEntry("51.8700", "内镜下胆管支架置入术", aliases=("ERBD", "胆道支架")),
        CodeEntry("51.8600", "内镜下鼻胆引流管置入术", aliases=("ENBD", "鼻胆管引流")),
        CodeEntry("52.2100", "内镜下胰管病损或组织的切除术或破坏术", aliases=("胰管病损切除",)),
        CodeEntry("52.9300", "内镜下胰管支架置入术", aliases=("ERPD", "胰管支架")),
        CodeEntry("52.9400", "内镜下胰管结石去除术", aliases=("胰管取石",)),
        # ESD 及其他内镜下切除
        CodeEntry("42.3300", "内镜下食管病损或食管组织切除术或破坏术", aliases=("食管ESD",)),
        CodeEntry("43.4100", "内镜下胃病损或胃组织切除术或破坏术", aliases=("ESD", "胃ESD", "EMR")),
        CodeEntry("45.3000", "内镜下十二指肠病损切除术或破坏术", aliases=("十二指肠ESD",)),
        CodeEntry("45.4200", "内镜下大肠息肉切除术", aliases=("肠息肉切除",)),
        CodeEntry("45.4300", "内镜下大肠其他病损或组织破坏术", aliases=("结肠ESD", "直肠ESD")),
        # 静脉曲张
        CodeEntry("42.9100", "食管静脉曲张结扎术", aliases=("EVL", "套扎")),
        CodeEntry("44.4300", "内镜下胃或十二指肠出血控制", aliases=("组织胶注射", "胃底静脉曲张")),
        # 超声内镜
        CodeEntry("88.7400", "消化系统诊断性超声", aliases=("EUS", "超声内镜")),
        CodeEntry("52.1100", "胰腺闭合性[抽吸][针吸]活组织检查", aliases=("EUS-FNA", "EUS-FNB")),
        CodeEntry("52.4000", "胰腺囊肿内引流术", aliases=("假性囊肿引流", "EUS引流")),
        CodeEntry("51.3600", "胆总管小肠吻合术", aliases=("EUS-BD", "EUS-CDS")),
        CodeEntry("44.3900", "其他胃肠吻合术", aliases=("EUS-GE",)),
        CodeEntry("05.3100", "交感神经注射麻醉药用于镇痛", aliases=("腹腔神经节阻滞", "EUS-CPN")),
        # 小肠镜
        CodeEntry("45.1300", "小肠其他内镜检查", aliases=("小肠镜", "气囊小肠镜", "DBE", "SBE")),
        CodeEntry("45.1400", "小肠闭合性[内镜]活组织检查", aliases=("小肠镜活检",)),
    ),
)

LISTS = (DIAGNOSES, PROCEDURES)
