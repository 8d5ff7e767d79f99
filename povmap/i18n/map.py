"""Labels of the poverty map page and the overview's map, top-10 and bottom-10 (Thai, English)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "page_map": ("แผนที่ความยากจน", "Poverty map"),
    "map_title": ("แผนที่ความยากจน", "Poverty map"),
    # controls
    "map_level": ("ระดับพื้นที่", "Map level"),
    "map_level_province": ("จังหวัด", "Provinces"),
    "map_level_district": ("อำเภอ", "Districts"),
    "map_level_subdistrict": ("ตำบล", "Subdistricts"),
    "map_level_subdistrict_national": (
        "ตำบลทั้งประเทศ (เส้นขอบหยาบ)",
        "All subdistricts (coarse outlines)",
    ),
    "map_level_help": (
        "แสดงพื้นที่ระดับใดภายในพื้นที่ที่เลือก คลิกพื้นที่บนแผนที่เพื่อเจาะลึก",
        "Which areas to draw inside the selected area; click an area on the map to drill into it",
    ),
    "map_method": ("การแบ่งช่วงสี", "Classes"),
    "map_method_help": (
        "ควอนไทล์: แต่ละช่วงมีจำนวนพื้นที่เท่ากัน · ช่วงธรรมชาติ (Jenks): แบ่งตรงช่องว่างของข้อมูล",
        "Quantiles: the same number of areas in each class · natural breaks (Jenks): classes split "
        "where the data have gaps",
    ),
    "map_method_quantiles": ("ควอนไทล์", "Quantiles"),
    "map_method_natural_breaks": ("ช่วงธรรมชาติ", "Natural breaks"),
    "map_palette": ("ชุดสี", "Colours"),
    "map_palette_ylorrd": ("เหลือง–แดง", "Yellow–red"),
    "map_palette_ylgnbu": ("เหลือง–น้ำเงิน", "Yellow–blue"),
    "map_palette_viridis": ("เหลือง–ม่วง", "Viridis"),
    "map_palette_rdbu": ("น้ำเงิน–แดง", "Blue–red"),
    "map_palette_change_help": (
        "การเปลี่ยนแปลงใช้สีน้ำเงิน–แดงเสมอ: น้ำเงิน = คนจนลดลง แดง = เพิ่มขึ้น",
        "Changes are always blue–red: blue = fewer poor, red = more",
    ),
    "map_palette_help": (
        "ทุกชุดสีอ่านได้สำหรับผู้ที่มองเห็นสีบกพร่อง สีเข้ม = ต้องการความช่วยเหลือมากกว่า",
        "Every palette is colour-blind safe; darker = more in need",
    ),
    "map_hotspots": ("จุดร้อน", "Hot spots"),
    "map_hotspots_help": (
        "ใช้ได้ที่ระดับอำเภอและตำบล: ระบายสีตามผลการวิเคราะห์ Getis-Ord Gi* ของตัวชี้วัดที่เลือก",
        "District and subdistrict level: colour the areas by a Getis-Ord Gi* analysis of the metric",
    ),
    "map_hotspots_province": (
        "การวิเคราะห์จุดร้อนทำที่ระดับอำเภอและตำบล เลือกระดับพื้นที่ด้านซ้าย",
        "Hot spots are analysed at district and subdistrict level: pick one on the left",
    ),
    "map_hotspots_failed": (
        "วิเคราะห์จุดร้อนไม่ได้สำหรับมุมมองนี้: {reason}",
        "No hot-spot analysis for this view: {reason}",
    ),
    "map_hotspots_summary": (
        "จุดร้อน {hot} พื้นที่ · จุดเย็น {cold} พื้นที่ (ความเชื่อมั่น ≥ 90%)",
        "{hot} hot spots · {cold} cold spots (≥ 90% confidence)",
    ),
    "map_hotspots_analytical": (
        "z = ค่า z ของ Gi*, p = ค่า p สองทางจากการแจกแจงปกติของ z (การอนุมานเชิงวิเคราะห์ ไม่มีการสุ่มสลับ)",
        "z = the Gi* z-score, p = its two-sided normal p-value "
        "(analytical inference, no permutations)",
    ),
    "map_hotspots_permutation": (
        "z = (G − ค่าเฉลี่ยของ G ที่สุ่มสลับ) / ส่วนเบี่ยงเบนมาตรฐานของ G ที่สุ่มสลับ, "
        "p = ค่า p เทียมสองทาง (การอนุมานด้วยการสุ่มสลับแบบมีเงื่อนไข {perm} ครั้ง, seed {seed})",
        "z = (G − mean of the permuted G) / their SD, p = the two-sided pseudo p-value "
        "(permutation inference, {perm} conditional permutations, seed {seed})",
    ),
    "map_hotspots_correction": (
        "การปรับแก้การทดสอบหลายครั้ง: {correction}",
        "correction for multiple tests: {correction}",
    ),
    "map_hotspots_correction_none": ("ไม่ปรับแก้", "none"),
    "map_hotspots_correction_fdr": (
        "อัตราการค้นพบเท็จ (FDR, Benjamini–Hochberg) เมื่อทดสอบ {m} พื้นที่",
        "false discovery rate (FDR, Benjamini–Hochberg) over {m} areas",
    ),
    "map_hotspots_correction_bonferroni": (
        "Bonferroni เมื่อทดสอบ {m} พื้นที่",
        "Bonferroni over {m} areas",
    ),
    "map_hotspots_rule": (
        "จุดร้อน (จุดเย็น) ที่ความเชื่อมั่น 90/95/99% คือพื้นที่ที่ z > 0 (z < 0) และ {p} ≤ 0.10/0.05/0.01",
        "A hot (cold) spot at 90/95/99% confidence has z > 0 (z < 0) and {p} ≤ 0.10/0.05/0.01",
    ),
    "map_hotspots_p_plain": ("p", "p"),
    "map_hotspots_p_adjusted": ("p ที่ปรับแก้แล้ว", "the adjusted p"),
    "map_hotspots_unreachable": (
        "ด้วยการตั้งค่านี้ไม่มีพื้นที่ใดถึงความเชื่อมั่น 90% ได้: ค่า p ที่เล็กที่สุดที่เป็นไปได้คือ "
        "{floor} เพิ่ม POVMAP_HOTSPOT_PERMUTATIONS หรือเปลี่ยน POVMAP_HOTSPOT_CORRECTION",
        "With these settings no area can reach 90% confidence: the smallest possible p is {floor}. "
        "Raise POVMAP_HOTSPOT_PERMUTATIONS or change POVMAP_HOTSPOT_CORRECTION",
    ),
    # tooltip, legend
    "map_hot_title": ("จุดร้อน–จุดเย็น (Gi*)", "Hot and cold spots (Gi*)"),
    # panel beside the map
    "map_definition": ("นิยาม", "Definition"),
    "map_vintage_change": (
        "ข้อมูลรอบ พ.ศ. {round} เทียบกับรอบ พ.ศ. {previous}",
        "Data: round {round} BE against round {previous} BE",
    ),
    "map_no_previous": (
        "ไม่มีรอบสำรวจก่อนหน้ารอบ พ.ศ. {round} จึงไม่มีค่าการเปลี่ยนแปลง",
        "No survey round before {round} BE, so there is no change to show",
    ),
    "map_synthetic_flag": (
        "ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลครัวเรือนจริง",
        "Synthetic data, not real households",
    ),
    "map_imported_flag": ("ข้อมูลจากไฟล์ที่นำเข้า", "Imported survey data"),
    "map_counts": (
        "{shown} พื้นที่ · มีข้อมูล {data} · ปกปิด {suppressed} (สำรวจน้อยกว่า {min_cell} ครัวเรือน)",
        "{shown} areas · {data} with data · {suppressed} suppressed (fewer than {min_cell} households surveyed)",
    ),
    "map_classes_note": (
        "แบ่งช่วง: {method} · ชุดสี: {palette}",
        "Classes: {method} · colours: {palette}",
    ),
    "map_national_note": (
        "ตำบลทั้งประเทศวาดด้วยเส้นขอบที่ลดรายละเอียดลง (ประมาณ 1.9 กม.) เพื่อให้เปิดได้เร็ว "
        "เลือกจังหวัดหรืออำเภอเพื่อดูเส้นขอบละเอียด",
        "All subdistricts are drawn with coarser outlines (about 1.9 km) so the map opens fast; "
        "pick a province or district for detailed outlines",
    ),
    "map_points_note": (
        "ที่ระดับตำบล: หมุดหมู่บ้าน{households} รวมกลุ่มเมื่อซูมออก เปิด/ปิดได้ที่มุมขวาบนของแผนที่",
        "At subdistrict level: village pins{households} cluster when zoomed out; switch them in "
        "the map's top-right corner",
    ),
    "map_points_households": (" และครัวเรือนที่มีพิกัด GPS", " and households with a GPS point"),
    "map_boundaries": ("ขอบเขตการปกครอง", "Boundaries"),
    "map_no_areas": ("ไม่มีขอบเขตพื้นที่สำหรับมุมมองนี้", "No boundaries for this view"),
    # points
    "map_villages": ("หมู่บ้าน", "Villages"),
    "map_households_gps": ("ครัวเรือน (GPS)", "Households (GPS)"),
    "map_village_tip": (
        "หมู่ที่ {no} {name} · ครัวเรือนยากจน {poor} จาก {total}",
        "Village {no} {name} · {poor} of {total} households poor",
    ),
    "map_village_tip_suppressed": (
        "หมู่ที่ {no} {name} · สำรวจน้อยกว่า {min_cell} ครัวเรือน (ปกปิด)",
        "Village {no} {name} · fewer than {min_cell} households surveyed (suppressed)",
    ),
    "map_village_tip_none": (
        "หมู่ที่ {no} {name} · ไม่มีข้อมูลรอบนี้",
        "Village {no} {name} · no data this round",
    ),
    "map_household_tip": (
        "ครัวเรือน {hh_id} · {status} · สมาชิก {members} คน",
        "Household {hh_id} · {status} · {members} members",
    ),
    "map_household_poor": ("ยากจน", "poor"),
    "map_household_not_poor": ("ไม่ยากจน", "not poor"),
    # table
    "map_table": ("ตารางข้อมูลรายพื้นที่", "Table of the areas"),
    "map_table_note": (
        "พื้นที่ที่สำรวจน้อยกว่า {min_cell} ครัวเรือนแสดงเป็นค่าว่าง (ปกปิดเพื่อคุ้มครองข้อมูลส่วนบุคคล)",
        "Areas with fewer than {min_cell} surveyed households are left blank (suppressed to protect privacy)",
    ),
    "map_col_code": ("รหัส", "Code"),
    "map_col_name": ("ชื่อพื้นที่", "Area"),
    "map_col_parent": ("อยู่ใน", "In"),
    "map_col_households": ("ครัวเรือนที่สำรวจ", "Surveyed households"),
    "map_col_rank": ("อันดับ", "Rank"),
    "map_col_hotspot": ("จุดร้อน/เย็น", "Hot/cold spot"),
    "map_col_hot_z": ("ค่า z (Gi*)", "Gi* z"),
    "map_col_hot_p": ("ค่า p (Gi*)", "Gi* p"),
    "map_col_hot_p_adjusted": ("ค่า p ที่ปรับแก้ ({correction})", "Adjusted p ({correction})"),
    # overview
    "map_overview_trend": (
        "แนวโน้มครัวเรือนยากจนรายรอบ · {area}",
        "Poor households by round · {area}",
    ),
    "map_overview_open_map": (
        "เปิดแผนที่เต็ม: ตัวชี้วัดทั้งหมด จุดร้อน หมู่บ้าน",
        "Open the full map: every metric, hot spots, villages",
    ),
    "map_overview_stats_note": (
        "ตัวเลขชุดเดียวกับตารางที่ดาวน์โหลดได้จากหน้าแผนที่ · {rule}",
        "The same numbers as the table you can download on the map page · {rule}",
    ),
}
