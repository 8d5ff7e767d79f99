"""Labels of Briefing exports: slide decks, PDF briefings, PNG maps and charts, geo downloads (Thai, English)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # the export panel
    "brief_panel": ("ส่งออกสำหรับการประชุมและรายงาน", "Export for meetings and reports"),
    "brief_panel_help": (
        "สร้างไฟล์จากมุมมองนี้เมื่อกดปุ่มเตรียมไฟล์ แล้วกดดาวน์โหลด (ใช้ได้โดยไม่ต้องต่ออินเทอร์เน็ต)",
        "Files of this view are made when you press a prepare button, then download them (works offline)",
    ),
    "brief_prepare": ("เตรียม {what}", "Prepare {what}"),
    "brief_download": ("ดาวน์โหลด {what}", "Download {what}"),
    "brief_pptx": ("สไลด์ PowerPoint", "PowerPoint slides"),
    "brief_pdf": ("รายงาน PDF (A4)", "PDF briefing (A4)"),
    "brief_png_projector": ("แผนที่ PNG (จอฉาย 1920×1080)", "Map PNG (projector 1920×1080)"),
    "brief_png_print": ("แผนที่ PNG (พิมพ์ A4 300 dpi)", "Map PNG (print, A4 at 300 dpi)"),
    "brief_png_charts": ("แผนภูมิ PNG", "Chart PNGs"),
    "brief_chart_n": ("แผนภูมิ {n} (PNG)", "Chart {n} (PNG)"),
    "brief_no_map": ("มุมมองนี้ไม่มีแผนที่", "This view has no map"),
    "brief_no_charts": ("มุมมองนี้ไม่มีแผนภูมิ", "This view has no charts"),
    "brief_failed": (
        "สร้างไฟล์ไม่สำเร็จ: {reason}",
        "The file could not be made: {reason}",
    ),
    "brief_prepared_for": ("ไฟล์ของ: {view}", "Files of: {view}"),
    "brief_building": ("กำลังสร้างไฟล์…", "Making the file…"),
    "brief_failed_unknown": (
        "เกิดข้อผิดพลาดภายใน บันทึกไว้ในบันทึกของเซิร์ฟเวอร์แล้ว",
        "an internal error, written to the server's log",
    ),
    "brief_skipped": (
        "ข้าม {n} มุมมองของหน้าที่ไม่มีรายงานสรุป (มีรายงานสรุป: {pages})",
        "{n} views of pages without a briefing are left out (briefings: {pages})",
    ),
    "brief_storyline": ("ชุดมุมมอง ({n} มุมมอง)", "Storyline ({n} views)"),
    "brief_document_title": ("สรุปข้อมูลความยากจน", "Poverty briefing"),
    # the researcher's downloads
    "brief_tables": ("ดาวน์โหลดตารางพื้นที่ (สำหรับนักวิจัย)", "Download the area table (for researchers)"),
    "brief_tables_help": (
        "ตารางพื้นที่ของมุมมองนี้: CSV, Excel (มีแผ่นคำอธิบายข้อมูล), GeoJSON, GeoPackage และ GeoParquet (มีขอบเขตพื้นที่)",
        "This view's area table: CSV, Excel (with a metadata sheet), GeoJSON, GeoPackage and GeoParquet (with boundaries)",
    ),
    "brief_prepare_tables": ("เตรียมไฟล์ตาราง", "Prepare the table files"),
    "brief_xlsx": ("Excel (.xlsx)", "Excel (.xlsx)"),
    "brief_geojson": ("GeoJSON", "GeoJSON"),
    "brief_gpkg": ("GeoPackage", "GeoPackage"),
    "brief_geoparquet": ("GeoParquet", "GeoParquet"),
    "brief_no_table": ("มุมมองนี้ไม่มีตารางพื้นที่", "This view has no area table"),
    "brief_households": ("ดาวน์โหลดข้อมูลรายครัวเรือน", "Download household records"),
    "brief_households_help": (
        "ข้อมูลครัวเรือนของ{area} รอบ พ.ศ. {round} ทุกคอลัมน์ยกเว้นรหัสบัตรประชาชนที่เข้ารหัส พร้อมพจนานุกรมข้อมูล",
        "Household records of {area}, round {round} BE: every column but the hashed ID, with a data dictionary",
    ),
    "brief_households_area": (
        "เลือกอำเภอ ตำบล หรือหมู่บ้านเพื่อดาวน์โหลดข้อมูลรายครัวเรือน",
        "Pick a district, subdistrict or village to download household records",
    ),
    "brief_prepare_households": ("เตรียมไฟล์ข้อมูลครัวเรือน", "Prepare the household files"),
    "brief_households_csv": ("ข้อมูลครัวเรือน CSV", "Households CSV"),
    "brief_households_parquet": ("ข้อมูลครัวเรือน Parquet", "Households Parquet"),
    "brief_dictionary": ("พจนานุกรมข้อมูล (CSV)", "Data dictionary (CSV)"),
    # words inside the files
    "brief_source": (
        "การสำรวจข้อมูลความจำเป็นพื้นฐาน (จปฐ.) และระบบ TPMAP",
        "Basic Minimum Needs survey (BMN, จปฐ.) and TPMAP",
    ),
    "brief_source_synthetic": (
        "ข้อมูลสังเคราะห์ของโครงการแผนที่ความยากจน (ปรับเทียบกับตัวเลข จปฐ. ที่เผยแพร่)",
        "The Thai Poverty Map's synthetic data (calibrated to published BMN figures)",
    ),
    "brief_imported": ("นำเข้าเมื่อ {date}", "imported {date}"),
    "brief_map_title": ("แผนที่{metric} {level}", "Map of {metric} {level}"),
    "brief_by_province": ("รายจังหวัด", "by province"),
    "brief_by_district": ("รายอำเภอ", "by district"),
    "brief_by_subdistrict": ("รายตำบล", "by subdistrict"),
    "brief_key_numbers": ("ตัวเลขสำคัญ", "Key numbers"),
    "brief_measure": ("ตัวชี้วัด", "Measure"),
    "brief_value": ("ค่า", "Value"),
    "brief_change": ("เปลี่ยนแปลง", "Change"),
    "brief_points": ("จุด", "pts"),
    "brief_ranked": ("{n} {level}อันดับแรก", "Top {n} {level}"),
    "brief_ranked_table": ("{n} พื้นที่อันดับแรก", "First {n} areas by rank"),
    "brief_rounds": ("รอบ {first} → {last}", "rounds {first} → {last}"),
    "brief_unit_poor_households": ("ร้อยละของครัวเรือนยากจน", "% of poor households"),
    "brief_unit_poor_before": (
        "ร้อยละของครัวเรือนยากจนในรอบแรก",
        "% of the households poor in the first round",
    ),
    "brief_unit_target": ("ร้อยละของเป้าหมาย", "% of the target"),
    "brief_exit_rate_definition": (
        "ครัวเรือนที่ยากจนในรอบแรกและไม่ยากจนในรอบหลัง หารด้วยครัวเรือนยากจนในรอบแรกที่สำรวจทั้งสองรอบ",
        "Households poor in the first round and not poor in the second, over the households poor in the first round surveyed in both",
    ),
    "brief_progress_definition": (
        "สิ่งที่ทำได้ (ครัวเรือนพ้นจน หรือการส่งต่อที่ปิดแล้ว) หารด้วยเป้าหมายของพื้นที่",
        "What was achieved (households lifted out, or referrals closed) over the area's target",
    ),
    "brief_progress_table": ("ความก้าวหน้ารายพื้นที่", "Progress by area"),
    "brief_suppression_complementary": (
        "และปกปิดพื้นที่อื่นบางแห่งเพิ่มด้วย เพื่อไม่ให้คำนวณย้อนหาตัวเลขที่ปกปิดได้",
        "Some other areas are hidden too, so that no hidden number can be worked out by subtraction.",
    ),
    "brief_suppression": (
        "พื้นที่ที่มีครัวเรือนสำรวจ 1 ถึง {n} ครัวเรือนแสดงเป็นค่าว่าง (เผยแพร่เมื่อมีอย่างน้อย {min_cell} ครัวเรือน)",
        "Areas with 1 to {n} surveyed households are left blank (shown from {min_cell} households)",
    ),
}
