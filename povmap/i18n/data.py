"""Labels of the data (import) and review (สอบทาน) pages, in Thai and English."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "page_data": ("นำเข้าข้อมูล", "Import data"),
    "page_review": ("สอบทานข้อมูล", "Review and verify"),
    # --- data page ----------------------------------------------------------------------------
    "data_title": ("นำเข้าข้อมูล", "Import data"),
    "data_caption": (
        "อัปโหลดไฟล์จากพื้นที่ ดูการจับคู่คอลัมน์ ตรวจทั้งไฟล์ แล้วจึงบันทึก",
        "Upload a file from the field, check how its columns map, check the whole file, then "
        "store it",
    ),
    "data_pdpa": (
        "ไฟล์ครัวเรือนและทะเบียนเป็น**ข้อมูลส่วนบุคคล** (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล): "
        "เลขประจำตัวประชาชนถูกตรวจเลขหลักสุดท้ายแล้วแปลงเป็นรหัสแฮชแบบมีกุญแจทันที "
        "ไม่มีการเก็บ แสดง หรือบันทึกเลขจริง ไฟล์ที่อัปโหลดอยู่ในหน่วยความจำของเซสชันนี้เท่านั้น "
        "เซิร์ฟเวอร์เขียนไฟล์ลงดิสก์เป็นไฟล์ชั่วคราวที่ผู้อื่นอ่านไม่ได้เฉพาะระหว่างขั้นตอนที่อ่านไฟล์ "
        "(ดูตัวอย่าง ตรวจ บันทึก) และลบทันทีเมื่อขั้นตอนนั้นจบ ไม่ว่าสำเร็จหรือไม่ "
        "หากเซิร์ฟเวอร์ถูกปิดระหว่างขั้นตอน ไฟล์จะถูกลบเมื่อปิดหรือเมื่อเริ่มเซิร์ฟเวอร์ครั้งถัดไป",
        "Household and registry files are **personal data** (Thailand's PDPA): national IDs "
        "are checked and replaced by a keyed hash at once; the number itself is never stored, "
        "shown or logged. An uploaded file is kept in this session's memory only: the server "
        "writes it to a private temporary file just while a step (preview, check, store) reads "
        "it and deletes it as soon as that step ends, whether it worked or not; if the server is "
        "stopped during a step, the file is deleted as it stops or when it next starts.",
    ),
    "data_kind": ("ชนิดข้อมูล", "What to import"),
    "data_kind_households": ("ครัวเรือน (จปฐ./สำรวจ)", "Households (survey)"),
    "data_kind_registry": ("ทะเบียนบัตรสวัสดิการแห่งรัฐ", "State welfare registry"),
    "data_file": ("ไฟล์ (CSV, Excel .xlsx หรือ Parquet)", "File (CSV, Excel .xlsx or Parquet)"),
    "data_members_file": ("ไฟล์สมาชิกครัวเรือน (ถ้ามี)", "Member file (optional)"),
    "data_snapshot": ("ปีของข้อมูลทะเบียน (พ.ศ.)", "Registry extract year (BE)"),
    "data_options": ("ตัวเลือกการอ่านไฟล์", "Reading options"),
    "data_encoding": ("การเข้ารหัสอักษร", "Text encoding"),
    "data_encoding_auto": ("ตรวจหาอัตโนมัติ", "Detect"),
    "data_sheet": ("แผ่นงาน Excel (ชื่อหรือลำดับ)", "Excel sheet (name or number)"),
    "data_mapping": ("ไฟล์จับคู่คอลัมน์ (CSV หรือ JSON)", "Column mapping file (CSV or JSON)"),
    "data_mapping_help": (
        "ไฟล์ 2 คอลัมน์: หัวคอลัมน์ในไฟล์ของท่าน, ชื่อคอลัมน์มาตรฐานตามคู่มือรูปแบบข้อมูล",
        "Two columns: your header, the standard column (as named in the data format guide)",
    ),
    "data_accept_valid": ("นำเข้าเฉพาะแถวที่ถูกต้อง", "Import the valid rows only"),
    "data_accept_valid_help": (
        "ปิด (ค่าเริ่มต้น): ถ้ามีแถวผิดแม้แถวเดียว จะไม่บันทึกอะไรเลย · เปิด: บันทึกแถวที่ถูกต้อง "
        "และรายงานแถวที่ผิดในไฟล์แถวที่ถูกปฏิเสธ",
        "Off (default): one invalid row means nothing is stored · On: the valid rows are "
        "stored and every invalid row is listed in the rejects file",
    ),
    "data_step_preview": ("1. การจับคู่คอลัมน์และตัวอย่างข้อมูล", "1. Column mapping and preview"),
    "data_step_check": ("2. ตรวจทั้งไฟล์", "2. Check the whole file"),
    "data_step_commit": ("3. บันทึกลงฐานข้อมูล", "3. Store"),
    "data_read_as": ("อ่านไฟล์เป็น: {how}", "Read as: {how}"),
    "data_read_csv": (
        "CSV · การเข้ารหัส {encoding} · ตัวคั่น {delimiter} · หัวตารางอยู่บรรทัด {line}",
        "CSV · encoding {encoding} · delimiter {delimiter} · header on line {line}",
    ),
    "data_read_xlsx": (
        "Excel · แผ่นงาน “{sheet}” · หัวตารางอยู่แถว {line}",
        "Excel · sheet “{sheet}” · header on row {line}",
    ),
    "data_read_parquet": ("Parquet", "Parquet"),
    "data_delimiter_comma": ("จุลภาค (,)", "comma (,)"),
    "data_delimiter_semicolon": ("อัฒภาค (;)", "semicolon (;)"),
    "data_delimiter_tab": ("แท็บ", "tab"),
    "data_delimiter_pipe": ("ขีดตั้ง (|)", "pipe (|)"),
    "data_helper_province_name": ("ชื่อจังหวัด → รหัสจังหวัด", "Province name → province code"),
    "data_helper_district_name": ("ชื่ออำเภอ → รหัสอำเภอ", "District name → district code"),
    "data_helper_subdistrict_name": ("ชื่อตำบล → รหัสตำบล", "Subdistrict name → subdistrict code"),
    "data_helper_address": ("ที่อยู่ → รหัสพื้นที่", "Address → area codes"),
    "data_helper_latlon": ("พิกัด “ละติจูด, ลองจิจูด”", "Point as “latitude, longitude”"),
    "data_failed_rows": (
        "ไม่ได้บันทึกข้อมูลใด ๆ: พบปัญหา {problems:,} รายการใน {rows:,} จาก {total:,} แถว (โหมดเข้มงวด)",
        "Nothing was stored: {problems:,} problems in {rows:,} of {total:,} rows (strict mode)",
    ),
    "data_col_header": ("หัวคอลัมน์ในไฟล์", "Header in the file"),
    "data_col_canonical": ("คอลัมน์มาตรฐาน", "Canonical column"),
    "data_col_label": ("ความหมาย", "Meaning"),
    "data_unknown_columns": (
        "คอลัมน์ที่ไม่รู้จัก (จะไม่ถูกนำเข้า): {columns}",
        "Unknown columns (left out): {columns}",
    ),
    "data_missing_columns": (
        "ขาดคอลัมน์ที่จำเป็น: {columns} — เพิ่มคอลัมน์ หรือระบุในไฟล์จับคู่คอลัมน์",
        "Required columns missing: {columns} — add them, or name them in a mapping file",
    ),
    "data_derived": ("หมายเหตุ: {what}", "Derived: {what}"),
    "data_sample": (
        "ตัวอย่าง {n} แถวแรกหลังปรับรูปแบบ (เลขประจำตัวประชาชนถูกปิดไว้)",
        "First {n} rows after normalising (national IDs masked)",
    ),
    "data_sample_problems": (
        "ปัญหาในแถวตัวอย่าง (ตรวจทั้งไฟล์ในขั้นที่ 2)",
        "Problems in the sample rows (step 2 checks the whole file)",
    ),
    "data_check": ("ตรวจทั้งไฟล์", "Check the whole file"),
    "data_commit": ("บันทึก {n} แถว", "Store {n} rows"),
    "data_commit_blocked": (
        "ยังบันทึกไม่ได้: แก้ไฟล์ตามรายงาน หรือเลือก “นำเข้าเฉพาะแถวที่ถูกต้อง”",
        "Cannot store yet: fix the file as the report says, or choose “Import the valid rows only”",
    ),
    "data_rows_in_file": ("แถวในไฟล์", "Rows in the file"),
    "data_rows_valid": ("แถวที่ถูกต้อง", "Valid rows"),
    "data_rows_rejected": ("แถวที่ถูกปฏิเสธ", "Rejected rows"),
    "data_rows_new": ("ใหม่", "New"),
    "data_rows_replaced": ("แทนที่", "Replaced"),
    "data_rows_replaced_help": (
        "ครัวเรือนที่มีอยู่แล้วในรอบเดียวกันและข้อมูลเปลี่ยน: ฉบับเดิมถูกเก็บไว้ในประวัติ",
        "Households already stored for the round whose values changed: the old version is kept in history",
    ),
    "data_rows_unchanged": ("ไม่เปลี่ยนแปลง", "Unchanged"),
    "data_problems": ("รายการปัญหา ({n} รายการ)", "Problems ({n})"),
    "data_problems_more": (
        "แสดง {shown} จาก {n} รายการ — ดาวน์โหลดรายงานฉบับเต็ม",
        "Showing {shown} of {n} — download the full report",
    ),
    "data_warnings": ("ข้อสังเกต ({n} รายการ)", "Warnings ({n})"),
    "data_no_problems": ("ไม่พบปัญหา ทุกแถวพร้อมบันทึก", "No problems: every row is ready"),
    "data_nothing_importable": (
        "นำเข้าไม่ได้: {reason}",
        "Cannot be imported: {reason}",
    ),
    "data_failed": ("ไม่ได้บันทึกข้อมูลใด ๆ", "Nothing was stored"),
    "data_done": (
        "บันทึกแล้ว {rows:,} แถว: ใหม่ {new:,} · แทนที่ {replaced:,} · ไม่เปลี่ยนแปลง {unchanged:,}",
        "Stored {rows:,} rows: {new:,} new · {replaced:,} replaced · {unchanged:,} unchanged",
    ),
    "data_done_rejected": (
        "แถวที่ถูกปฏิเสธ {n:,} แถว อยู่ในไฟล์รายงาน",
        "{n:,} rejected rows are listed in the report",
    ),
    "data_download_report": ("ดาวน์โหลดรายงาน", "Download the report"),
    "data_col_file": ("ไฟล์", "File"),
    "data_col_line": ("บรรทัด", "Line"),
    "data_col_column": ("คอลัมน์", "Column"),
    "data_col_value": ("ค่าที่พบ", "Value"),
    "data_col_reason": ("สาเหตุ", "Reason"),
    "data_col_severity": ("ระดับ", "Severity"),
    "data_history": ("ประวัติการนำเข้า", "Import history"),
    "data_history_when": ("เวลา", "When"),
    "data_history_kind": ("ชนิด", "Kind"),
    "data_history_synthetic": ("สังเคราะห์", "Synthetic"),
    "data_progress": ("กำลังอ่าน {done:,} แถว", "Reading {done:,} rows"),
    "data_preparing": (
        "กำลังเตรียมตัวเลขรายพื้นที่สำหรับทุกหน้า",
        "Preparing the area numbers every page opens with",
    ),
    "data_progress_total": (
        "กำลังอ่าน {done:,} จาก {total:,} แถว",
        "Reading {done:,} of {total:,} rows",
    ),
    "data_upload_hint": (
        "เลือกไฟล์เพื่อเริ่ม รูปแบบคอลัมน์มาตรฐานอยู่ในคู่มือรูปแบบข้อมูล หัวคอลัมน์ภาษาไทยที่ใช้ทั่วไปจะถูกจับคู่ให้อัตโนมัติ",
        "Choose a file to start. The standard columns are in the data format guide; common Thai "
        "and English headers are recognised automatically",
    ),
    # --- review page --------------------------------------------------------------------------
    "review_title": ("สอบทานข้อมูลครัวเรือน", "Review and verify households"),
    "review_caption": (
        "ครัวเรือนที่ควรตรวจซ้ำใน{area} รอบ {round}: พิกัดอยู่นอกตำบลที่แจ้ง ข้อมูลซ้ำ และข้อมูลไม่ตรงกับทะเบียนบัตรสวัสดิการ",
        "Households to check again in {area}, round {round}: GPS outside the declared "
        "subdistrict, duplicates, and disagreements with the welfare registry",
    ),
    "review_flagged": ("ถูกตั้งข้อสังเกต", "Flagged households"),
    "review_all": ("ทั้งหมด", "All"),
    "review_kpi_registry": ("ไม่ตรงกับทะเบียน", "Registry mismatches"),
    "review_status_verified": ("สอบทานแล้ว", "Verified"),
    "review_status_disputed": ("มีข้อโต้แย้ง", "Disputed"),
    "review_status_unverified": ("ยังไม่สอบทาน", "Unverified"),
    "review_tab_queue": ("คิวสอบทาน", "Review queue"),
    "review_tab_duplicates": ("ข้อมูลซ้ำ", "Duplicates"),
    "review_tab_registry": ("เทียบทะเบียนบัตรสวัสดิการ", "Welfare registry cross-check"),
    "review_tab_villages": ("พิกัดหมู่บ้าน", "Village points"),
    "review_reason": ("ข้อสังเกต", "Reasons"),
    "review_filter_reason": ("กรองตามข้อสังเกต", "Filter by reason"),
    "review_filter_status": ("กรองตามสถานะ", "Filter by status"),
    "review_flag_gps_outside": ("พิกัดนอกตำบล", "GPS outside subdistrict"),
    "review_flag_person_in_two_households": (
        "บุคคลเดียวกันอยู่ 2 ครัวเรือน",
        "Same person in two households",
    ),
    "review_flag_household_twice": ("ครัวเรือนถูกบันทึกซ้ำ", "Household recorded twice"),
    "review_flag_registry_address": ("ที่อยู่ในทะเบียนต่างตำบล", "Registry address elsewhere"),
    "review_flag_registry_card_missing": (
        "แจ้งว่ามีบัตร แต่ไม่พบในทะเบียน",
        "Says card holder, not in registry",
    ),
    "review_flag_registry_card_status": (
        "สถานะบัตรไม่ตรงกับทะเบียน",
        "Card status differs from registry",
    ),
    "review_gps_caption": (
        "พิกัดที่อยู่นอกขอบเขตตำบลที่แจ้งเกิน {m:,.0f} เมตร (ขอบเขตเป็นแบบย่อส่วน จึงยอมให้คลาดเคลื่อนได้)",
        "Points more than {m:,.0f} m outside the declared subdistrict (boundaries are "
        "simplified, so smaller gaps are tolerated)",
    ),
    "review_distance": ("ห่างจากตำบลที่แจ้ง (ม.)", "Distance outside (m)"),
    "review_found_in": ("พิกัดตกในตำบล", "Point falls in"),
    "review_group": ("กลุ่ม", "Group"),
    "review_role": ("บทบาท", "Role"),
    "review_role_head": ("หัวหน้าครัวเรือน", "Head"),
    "review_role_member": ("สมาชิก", "Member"),
    "review_status": ("สถานะ", "Status"),
    "review_note": ("บันทึก", "Note"),
    "review_set_at": ("เมื่อ", "When"),
    "review_reviewer": ("ผู้สอบทาน", "Reviewer"),
    "review_empty": (
        "ไม่มีครัวเรือนที่ถูกตั้งข้อสังเกตตามเงื่อนไขที่เลือก",
        "No flagged households match the selection",
    ),
    "review_pick": ("เลือกครัวเรือนเพื่อสอบทาน", "Pick a household to review"),
    "review_set_status": ("บันทึกผลการสอบทาน", "Record the review"),
    "review_note_help": (
        "อธิบายสิ่งที่ตรวจพบ (ห้ามใส่เลขประจำตัวประชาชน: ระบบจะปิดเลข 13 หลักโดยอัตโนมัติ)",
        "What was found (no national IDs: 13-digit numbers are hidden automatically)",
    ),
    "review_saved": ("บันทึกสถานะ “{status}” ของ {hh_id} แล้ว", "Saved “{status}” for {hh_id}"),
    "review_history": ("ประวัติการสอบทาน", "Review history"),
    "review_no_history": ("ยังไม่เคยสอบทาน", "Never reviewed"),
    "review_map_caption": (
        "ขอบเขตตำบลที่แจ้ง (เส้นน้ำเงิน) · พิกัดของครัวเรือน (จุดแดง)",
        "Declared subdistrict (blue outline) · household point (red dot)",
    ),
    "review_dup_caption": (
        "แต่ละกลุ่มคือบุคคลหรือครัวเรือนเดียวกัน (จับคู่ด้วยรหัสแฮชของเลขประจำตัวประชาชน หรือคำตอบที่เหมือนกันทุกข้อในหมู่บ้านเดียวกัน) ไม่มีการลบอัตโนมัติ",
        "Each group is one person or household (matched by the hashed national ID, or by "
        "identical answers in one village). Nothing is removed automatically",
    ),
    "review_registry_none": (
        "ยังไม่มีข้อมูลทะเบียนบัตรสวัสดิการ: นำเข้าที่หน้า “นำเข้าข้อมูล”",
        "No welfare registry yet: import one on the “Import data” page",
    ),
    "review_registry_caption": (
        "จับคู่หัวหน้าครัวเรือนกับทะเบียนบัตรสวัสดิการปี {snapshot} ด้วยรหัสแฮชของเลขประจำตัวประชาชน",
        "Household heads matched to the {snapshot} welfare registry by hashed national ID",
    ),
    "review_in_both": ("พบทั้งสองแหล่ง", "In both"),
    "review_survey_only": ("พบเฉพาะในการสำรวจ", "Survey only"),
    "review_no_id": ("ไม่มีเลขประจำตัว (จับคู่ไม่ได้)", "No ID (cannot match)"),
    "review_registry_only": ("พบเฉพาะในทะเบียน", "Registry only"),
    "review_targeted_poor": (
        "คนจนเป้าหมาย (ยากจน และอยู่ในทะเบียน)",
        "Targeted poor (poor and registered)",
    ),
    "review_targeted_help": (
        "นิยามคนจนเป้าหมายของ TPMAP: ครัวเรือนที่ยากจนตามเกณฑ์ และหัวหน้าครัวเรือนลงทะเบียนบัตรสวัสดิการแห่งรัฐ",
        "TPMAP's targeted poor: households poor by the rule whose head is in the state welfare registry",
    ),
    "review_mismatches": ("ข้อมูลไม่ตรงกันระหว่างสองแหล่ง", "Where the two sources disagree"),
    "review_villages_caption": (
        "หมู่บ้านที่พิกัดอยู่นอกตำบลของตนเกิน {m:,.0f} เมตร",
        "Villages whose point is more than {m:,.0f} m outside their subdistrict",
    ),
    "review_villages_none": (
        "พิกัดหมู่บ้านทั้งหมดอยู่ในตำบลของตน",
        "Every village point lies in its subdistrict",
    ),
    "review_household_hidden_id": (
        "แสดงเฉพาะรหัสครัวเรือน ไม่แสดงเลขประจำตัวประชาชน",
        "Only household IDs are shown, never national IDs",
    ),
}
