"""The one list of measures the app shows: name, definition, unit and which direction is better.

Every page, chart, table, download and `povmap stats` names a measure through this registry,
so one measure has one name (in Thai and in English) everywhere, and two measures never share
a name. The TPMAP headcount ratio (people in households failing any of the 17 BMN indicators)
and the Alkire–Foster multidimensional headcount H (people whose weighted deprivation score is
at least k) are different numbers with different names.

Ranks follow one convention, stated beside every rank by :meth:`Measure.rank_note`:

* a level (a count, a ratio, an index, a score): rank 1 is the area most in need (the highest
  count or ratio, the lowest capital score);
* a change between two rounds: rank 1 is the best change (the largest fall in poverty).

Pure data: no streamlit, no store.

Example:
    >>> MEASURES["headcount_ratio"].name("en")
    'TPMAP headcount ratio (any of 17 indicators)'
    >>> MEASURES["mpi_H"].name("en", k=0.2)
    'Multidimensional headcount H (Alkire–Foster, k = 0.2)'
    >>> MEASURES["change_poor_households"].rank_note("en")
    'rank 1 = largest fall (best)'
    >>> for_rule("headcount_ratio", "af").key
    'mpi_H'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Better = Literal["lower", "higher"]

#: Unit words (Thai, English) of each unit key.
UNITS: dict[str, tuple[str, str]] = {
    "households": ("ครัวเรือน", "households"),
    "people": ("คน", "people"),
    "percent": ("ร้อยละของคน", "% of people"),
    "share": ("ร้อยละของตัวชี้วัดถ่วงน้ำหนัก", "% of weighted indicators"),
    "points": ("จุดร้อยละ", "percentage points"),
    "index": ("ดัชนี 0–1", "index 0–1"),
    "score": ("คะแนน 1–4", "score 1–4"),
}


@dataclass(frozen=True)
class Measure:
    """One measure: its names, definition, unit and which direction is better.

    ``{k}`` in a name or definition is the Alkire–Foster cut-off (left out when not given).
    ``change`` marks a difference between two rounds (this round − the previous one).
    """

    key: str
    name_th: str
    name_en: str
    definition_th: str
    definition_en: str
    unit: str
    better: Better
    change: bool = False

    def name(self, lang: str = "th", k: float | None = None) -> str:
        return _fill(self.name_en if lang == "en" else self.name_th, k)

    def definition(self, lang: str = "th", k: float | None = None) -> str:
        return _fill(self.definition_en if lang == "en" else self.definition_th, k)

    def unit_label(self, lang: str = "th") -> str:
        th, en = UNITS[self.unit]
        return en if lang == "en" else th

    @property
    def lower_is_better(self) -> bool:
        return self.better == "lower"

    @property
    def rank_ascending(self) -> bool:
        """Rank 1 goes to the smallest value: the lowest capital score (a level where higher is
        better) or the largest fall (a change where lower is better)."""
        return self.lower_is_better if self.change else not self.lower_is_better

    def direction(self, lang: str = "th") -> str:
        """Which way is better, in words."""
        th, en = _DIRECTION[self.better]
        return en if lang == "en" else th

    def rank_note(self, lang: str = "th") -> str:
        """What rank 1 means for this measure, and whether that is the best or the worst."""
        th, en = _RANK_NOTE[(self.change, self.better)]
        return en if lang == "en" else th


_DIRECTION: dict[str, tuple[str, str]] = {
    "lower": ("ค่าน้อยกว่า = ดีกว่า", "lower is better"),
    "higher": ("ค่ามากกว่า = ดีกว่า", "higher is better"),
}

_RANK_NOTE: dict[tuple[bool, str], tuple[str, str]] = {
    (False, "lower"): (
        "อันดับ 1 = ค่าสูงที่สุด (แย่ที่สุด: ต้องการความช่วยเหลือมากที่สุด)",
        "rank 1 = highest value (worst: most in need)",
    ),
    (False, "higher"): (
        "อันดับ 1 = ค่าต่ำที่สุด (แย่ที่สุด: ขาดแคลนที่สุด)",
        "rank 1 = lowest value (worst: most in need)",
    ),
    (True, "lower"): ("อันดับ 1 = ลดลงมากที่สุด (ดีที่สุด)", "rank 1 = largest fall (best)"),
    (True, "higher"): ("อันดับ 1 = เพิ่มขึ้นมากที่สุด (ดีที่สุด)", "rank 1 = largest rise (best)"),
}


def _fill(text: str, k: float | None) -> str:
    if "{k}" not in text:
        return text
    return text.replace("{k}", "" if k is None else f", k = {float(k):g}")


_TPMAP_RULE_TH = "ไม่ผ่านเกณฑ์ จปฐ. อย่างน้อย 1 ใน 17 ตัวชี้วัดของ TPMAP"
_TPMAP_RULE_EN = "failing at least one of TPMAP's 17 BMN indicators"
_CAPITALS = {
    "human": ("มนุษย์", "human"),
    "physical": ("กายภาพ", "physical"),
    "financial": ("การเงิน", "financial"),
    "natural": ("ธรรมชาติ", "natural"),
    "social": ("สังคม", "social"),
}
#: Monitored categories (analysis/monitoring.py CATEGORIES) -> their words (Thai, English), as
#: data/messages_monitoring.py names them.
_MONITORED = {
    "sudden_hardship": ("ประสบความเดือดร้อนฉับพลัน", "sudden hardship"),
    "exited_unstable": ("พ้นจนแต่ยังไม่มั่นคง", "exited but unstable"),
    "marginal": ("กลุ่มเปราะบางใกล้เส้นความยากจน", "marginal"),
}

MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "households",
            "ครัวเรือนที่สำรวจ",
            "Surveyed households",
            "ครัวเรือนที่มีข้อมูลสำรวจในรอบนี้",
            "Households with a survey record this round",
            "households",
            "higher",
        ),
        Measure(
            "people",
            "คนในครัวเรือนที่สำรวจ",
            "People in surveyed households",
            "สมาชิกทุกคนของครัวเรือนที่สำรวจ",
            "Every member of a surveyed household",
            "people",
            "higher",
        ),
        Measure(
            "poor_households",
            "ครัวเรือนยากจน",
            "Poor households",
            "จำนวนครัวเรือนที่เข้านิยามคนจนที่ใช้ (นิยามระบุไว้ข้างตัวเลข)",
            "Households meeting the poverty rule in use (the rule is stated beside the numbers)",
            "households",
            "lower",
        ),
        Measure(
            "poor_people",
            "คนจน",
            "Poor people",
            "จำนวนสมาชิกทุกคนของครัวเรือนยากจน",
            "Every member of a poor household",
            "people",
            "lower",
        ),
        Measure(
            "headcount_ratio",
            "สัดส่วนคนจนตามเกณฑ์ TPMAP (ตกเกณฑ์ตัวชี้วัดใดๆ ใน 17 ตัว)",
            "TPMAP headcount ratio (any of 17 indicators)",
            f"สมาชิกของครัวเรือนที่{_TPMAP_RULE_TH} ÷ คนในครัวเรือนที่สำรวจทั้งหมด",
            f"Members of households {_TPMAP_RULE_EN} ÷ all people in surveyed households",
            "percent",
            "lower",
        ),
        Measure(
            "mpi_H",
            "อัตราคนจนหลายมิติ H (Alkire–Foster{k})",
            "Multidimensional headcount H (Alkire–Foster{k})",
            "คนในครัวเรือนที่คะแนนความขาดแคลนถ่วงน้ำหนัก (5 มิติ น้ำหนักเท่ากัน) ถึงเกณฑ์ k "
            "÷ คนในครัวเรือนที่สำรวจทั้งหมด",
            "People in households whose weighted deprivation score (5 equally weighted "
            "dimensions) reaches the cut-off k ÷ all people in surveyed households",
            "percent",
            "lower",
        ),
        Measure(
            "mpi_poor_people",
            "คนจนหลายมิติ (Alkire–Foster{k})",
            "Multidimensionally poor people (Alkire–Foster{k})",
            "คนในครัวเรือนที่คะแนนความขาดแคลนถ่วงน้ำหนัก (5 มิติ น้ำหนักเท่ากัน) ถึงเกณฑ์ k",
            "People in households whose weighted deprivation score (5 equally weighted "
            "dimensions) reaches the cut-off k",
            "people",
            "lower",
        ),
        Measure(
            "mpi_A",
            "ความเข้มข้นของความยากจน A (Alkire–Foster)",
            "Intensity of poverty A (Alkire–Foster)",
            "คะแนนความขาดแคลนถ่วงน้ำหนักเฉลี่ยของคนจนหลายมิติ (สัดส่วนของตัวชี้วัดถ่วงน้ำหนักที่ขาดแคลน)",
            "Average weighted deprivation score of the multidimensionally poor (the weighted share "
            "of indicators they are deprived in)",
            "share",
            "lower",
        ),
        Measure(
            "mpi_M0",
            "ดัชนีความยากจนหลายมิติ M0 (Alkire–Foster)",
            "Multidimensional poverty index M0 (Alkire–Foster)",
            "M0 = H × A: อัตราคนจนหลายมิติ × ความเข้มข้นของความยากจน (น้ำหนัก 5 มิติเท่ากัน; "
            "เป็นการออกแบบของโครงการนี้ TPMAP ไม่เผยแพร่ M0)",
            "M0 = H × A: multidimensional headcount × intensity of poverty (5 equally weighted "
            "dimensions; this project's choice, TPMAP publishes no M0)",
            "index",
            "lower",
        ),
        Measure(
            "targeted_poor_households",
            "คนจนเป้าหมาย TPMAP (ครัวเรือน)",
            "TPMAP targeted poor (households)",
            'ครัวเรือนที่ยากจนตามนิยาม และถือบัตรสวัสดิการแห่งรัฐ (นิยาม "คนจนเป้าหมาย" ของ TPMAP '
            "ตามคำตอบในแบบสำรวจ)",
            "Households that are poor by the rule and hold a state welfare card (TPMAP's "
            '"targeted poor", by the survey\'s answer)',
            "households",
            "lower",
        ),
        Measure(
            "registry_targeted_households",
            "คนจนเป้าหมาย จับคู่ทะเบียนบัตรสวัสดิการ (ครัวเรือน)",
            "Targeted poor matched with the welfare registry (households)",
            "ครัวเรือนที่ยากจนตามนิยาม และหัวหน้าครัวเรือนอยู่ในทะเบียนผู้มีบัตรสวัสดิการแห่งรัฐ "
            "(จับคู่ด้วยเลขประจำตัวประชาชนที่เข้ารหัสแล้ว กับทะเบียนรอบล่าสุดไม่เกินปีสำรวจ) · "
            "ว่างจนกว่าจะนำเข้าทะเบียน",
            "Households that are poor by the rule and whose head is in the state welfare registry "
            "(matched by hashed national ID with the latest snapshot not after the survey round) · "
            "blank until a registry is imported",
            "households",
            "lower",
        ),
        *(
            Measure(
                f"capital_{key}",
                f"คะแนนทุน{th} (เฉลี่ย)",
                f"Mean {en} capital score",
                f"คะแนนเฉลี่ยทุน{th}ของครัวเรือนยากจน 1 (ขาดแคลนมาก) – 4 (ดี) · แบบจำลองของโครงการนี้",
                f"Mean {en} capital score of poor households, 1 (very poor) – 4 (good) · "
                "this project's model",
                "score",
                "higher",
            )
            for key, (th, en) in _CAPITALS.items()
        ),
        Measure(
            "monitored_households",
            "ครัวเรือนที่เฝ้าระวัง (ทุกกลุ่ม)",
            "Monitored households (all categories)",
            "ครัวเรือนที่มีการแจ้งเตือนเฝ้าระวังที่ยังเปิดอยู่ของรอบนี้ (ยังไม่ยุติความเสี่ยง) "
            "ในกลุ่มใดก็ได้: พ้นจนแต่ยังไม่มั่นคง กลุ่มเปราะบางใกล้เส้นความยากจน "
            "หรือประสบความเดือดร้อนฉับพลัน · นับครัวเรือนละ 1 ครั้ง",
            "Households with an open monitoring alert of this round (risk not yet cleared) in any "
            "category: exited but unstable, marginal or sudden hardship · each household counted "
            "once",
            "households",
            "lower",
        ),
        *(
            Measure(
                f"monitored_{key}",
                f"ครัวเรือนที่เฝ้าระวัง: {th}",
                f"Monitored households: {en}",
                f"ครัวเรือนที่มีการแจ้งเตือนเฝ้าระวังกลุ่ม{th}ที่ยังเปิดอยู่ของรอบนี้ (ยังไม่ยุติความเสี่ยง)",
                f"Households with an open {en} monitoring alert of this round (risk not yet "
                "cleared)",
                "households",
                "lower",
            )
            for key, (th, en) in _MONITORED.items()
        ),
        Measure(
            "change_poor_households",
            "ครัวเรือนยากจนเปลี่ยนไปจากรอบก่อน",
            "Change in poor households since the previous round",
            "ครัวเรือนยากจนรอบนี้ − รอบก่อนหน้า (ค่าลบ = ลดลง)",
            "Poor households this round − the previous round (negative = fewer)",
            "households",
            "lower",
            change=True,
        ),
        Measure(
            "change_headcount_ratio",
            "สัดส่วนคนจนตามเกณฑ์ TPMAP เปลี่ยนไปจากรอบก่อน",
            "Change in TPMAP headcount ratio since the previous round",
            "สัดส่วนคนจนตามเกณฑ์ TPMAP รอบนี้ − รอบก่อนหน้า เป็นจุดร้อยละ (ค่าลบ = ลดลง)",
            "TPMAP headcount ratio this round − the previous round, in percentage points "
            "(negative = lower)",
            "points",
            "lower",
            change=True,
        ),
        Measure(
            "change_mpi_H",
            "อัตราคนจนหลายมิติ H เปลี่ยนไปจากรอบก่อน",
            "Change in multidimensional headcount H since the previous round",
            "อัตราคนจนหลายมิติ H (Alkire–Foster{k}) รอบนี้ − รอบก่อนหน้า เป็นจุดร้อยละ (ค่าลบ = ลดลง)",
            "Multidimensional headcount H (Alkire–Foster{k}) this round − the previous round, in "
            "percentage points (negative = lower)",
            "points",
            "lower",
            change=True,
        ),
    )
}

#: Under the Alkire–Foster poverty rule the stored headcount ratio *is* H: name it so.
_AF_RULE_MEASURES = {"headcount_ratio": "mpi_H", "change_headcount_ratio": "change_mpi_H"}


def for_rule(key: str, rule_name: str | None) -> Measure:
    """The measure a column holds under a poverty rule (``tpmap`` or ``af``).

    ``headcount_ratio`` is the TPMAP headcount under the TPMAP rule and the Alkire–Foster H
    under the AF rule (people in households at or above k, over all people).
    """
    if rule_name == "af":
        key = _AF_RULE_MEASURES.get(key, key)
    return MEASURES[key]


#: Columns of `povmap stats` -> the measure each holds (the headcount under the TPMAP rule).
STATS_COLUMNS: dict[str, str] = {
    "households": "households",
    "people": "people",
    "poor_households": "poor_households",
    "poor_people": "poor_people",
    "headcount_ratio": "headcount_ratio",
    "registry_targeted_households": "registry_targeted_households",
    "mpi_H": "mpi_H",
    "mpi_A": "mpi_A",
    "mpi_M0": "mpi_M0",
}


def stats_columns_help(lang: str = "en") -> str:
    """One paragraph per `povmap stats` column: the machine name and the measure's name
    (paragraphs, so ``--help`` keeps one column per line)."""
    lines = []
    for column, key in STATS_COLUMNS.items():
        m = MEASURES[key]
        line = f"{column}: {m.name(lang)}"
        if key == "headcount_ratio":
            af = MEASURES["mpi_H"].name(lang)
            line += (
                f"; with POVMAP_POOR_RULE=af it is {af}"
                if lang == "en"
                else f"; เมื่อ POVMAP_POOR_RULE=af คือ {af}"
            )
        lines.append(line)
    return "\n\n".join(lines)
