"""The words of slides and metadata sheets (Thai, English) and dates in the Buddhist era.

Example:
    >>> import datetime as dt
    >>> be_date(dt.date(2025, 3, 5)), be_date(dt.date(2025, 3, 5), "en")
    ('5 มีนาคม พ.ศ. 2568', '5 March 2568 BE')
    >>> label("round", "th", round=2566)
    'รอบสำรวจ พ.ศ. 2566'
"""

from __future__ import annotations

import datetime as dt

MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Years of the Buddhist era are those of the Common Era + 543.
BE_OFFSET = 543

LABELS: dict[str, tuple[str, str]] = {
    "round": ("รอบสำรวจ พ.ศ. {round}", "Survey round {round} BE"),
    "source": ("แหล่งข้อมูล: {source}", "Source: {source}"),
    "vintage": ("ข้อมูล ณ: {vintage}", "Data as of: {vintage}"),
    "exported": ("ส่งออกเมื่อ {date}", "Exported {date}"),
    "definition": ("นิยาม", "Definition"),
    "unit": ("หน่วย: {unit}", "Unit: {unit}"),
    "synthetic": (
        "ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลครัวเรือนจริง",
        "Synthetic data, not real households",
    ),
    "notes_title": ("นิยามของตัวเลขในสไลด์นี้", "Definitions of the numbers on this slide"),
    # PDF briefing
    "pdf_contents": ("เนื้อหา", "Contents"),
    "pdf_page": ("หน้า", "Page"),
    "pdf_rows": (
        "แสดง {shown:,} จาก {total:,} แถว (ดาวน์โหลดตารางเต็มได้จากหน้าเว็บ)",
        "{shown:,} of {total:,} rows shown (download the full table from the page)",
    ),
    # metadata sheet
    "meta_field": ("รายการ", "Field"),
    "meta_value": ("ค่า", "Value"),
    "meta_round": ("รอบสำรวจ (พ.ศ.)", "Survey round (BE)"),
    "meta_rule": ("นิยามคนจน", "Poverty rule"),
    "meta_k": ("เกณฑ์ k (Alkire–Foster)", "Cut-off k (Alkire–Foster)"),
    "meta_vintage": ("ข้อมูล ณ", "Data as of"),
    "meta_source": ("แหล่งข้อมูล", "Source"),
    "meta_synthetic": ("ข้อมูลสังเคราะห์", "Synthetic data"),
    "meta_suppression": ("การปกปิดข้อมูล", "Suppression applied"),
    "meta_exported": ("ส่งออกเมื่อ", "Exported"),
    "meta_column": ("คอลัมน์ {column}", "Column {column}"),
    "meta_boundaries": ("ขอบเขตการปกครอง", "Boundaries"),
    "yes": ("ใช่", "yes"),
    "no": ("ไม่ใช่", "no"),
}


def label(key: str, lang: str = "th", **values: object) -> str:
    """The label ``key`` in ``lang`` with ``{name}`` fields filled from ``values``."""
    th, en = LABELS[key]
    return (en if lang == "en" else th).format(**values)


def be_date(day: dt.date, lang: str = "th") -> str:
    """``day`` written with its year in the Buddhist era (Thai month names in Thai)."""
    year = day.year + BE_OFFSET
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {year} BE"
    return f"{day.day} {MONTHS_TH[day.month - 1]} พ.ศ. {year}"
