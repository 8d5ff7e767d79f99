"""The problem texts of the import pipeline and of the site, referral and target files: code ->
(Thai, English) ``str.format`` templates, registered into :data:`data.messages.CATALOGUE`.

Codes are ``<where>.<what>``; placeholders carry numbers, column names, codes, line numbers,
candidate lists and file names unchanged, or another message (rendered in the same language).
The English texts are what report files, logs and the command line print.
"""

from __future__ import annotations

_XLSX_REPAIR_TH = "ให้เปิดใน Excel แล้วบันทึกใหม่ หรือบันทึกเป็น CSV (UTF-8)"
_XLSX_REPAIR_EN = "open it in Excel and save it again, or save it as CSV (UTF-8)"

PROBLEMS: dict[str, tuple[str, str]] = {
    # --- words used inside other messages -----------------------------------------------------------
    "word.level.province": ("จังหวัด", "province"),
    "word.level.district": ("อำเภอ", "district"),
    "word.level.subdistrict": ("ตำบล", "subdistrict"),
    "word.level.village": ("หมู่บ้าน", "village"),
    "word.and": (" และ ", " and "),
    "word.or": (" หรือ ", " or "),
    "word.delimiter.comma": ("จุลภาค (,)", "comma"),
    "word.delimiter.semicolon": ("อัฒภาค (;)", "semicolon"),
    "word.delimiter.tab": ("แท็บ", "tab"),
    "word.delimiter.pipe": ("ขีดตั้ง (|)", "pipe"),
    "word.delimiters.comma": ("จุลภาค (,)", "commas"),
    "word.delimiters.semicolon": ("อัฒภาค (;)", "semicolons"),
    "word.delimiters.tab": ("แท็บ", "tabs"),
    "word.delimiters.pipe": ("ขีดตั้ง (|)", "pipes"),
    "word.kind.households": ("ข้อมูลครัวเรือน", "household"),
    "word.kind.members": ("ข้อมูลสมาชิกครัวเรือน", "member"),
    "word.kind.registry": ("ทะเบียนบัตรสวัสดิการแห่งรัฐ", "registry"),
    "word.encoding.utf-8-sig": ("UTF-8 แบบมี BOM", "UTF-8 with BOM"),
    "word.encoding.cp874": (
        "TIS-620/cp874 (Windows ภาษาไทย ไม่ใช่ UTF-8)",
        "TIS-620/cp874 (Thai Windows, not UTF-8)",
    ),
    "word.encoding.tis-620": ("TIS-620 (ไม่ใช่ UTF-8)", "TIS-620 (not UTF-8)"),
    "word.no_header": ("(ไม่มีหัวคอลัมน์ คอลัมน์ที่ {n})", "(no header, column {n})"),
    "word.hidden_id": ("<ซ่อนเลข 13 หลักไว้>", "<hidden 13-digit number>"),
    "word.system": ("(ข้อความจากระบบ: {text})", "{text}"),
    # --- a problem as one line, a reason about one column ---------------------------------------------
    "problem.line": (
        "{file}: บรรทัด {line}, คอลัมน์ {column}: {reason} (ค่าที่พบ: {value})",
        "{file}: line {line}, column {column}: {reason} (value: {value})",
    ),
    "problem.line_no_column": (
        "{file}: บรรทัด {line}: {reason} (ค่าที่พบ: {value})",
        "{file}: line {line}, column : {reason} (value: {value})",
    ),
    "problem.line_no_column_value": (
        "{file}: บรรทัด {line}: {reason}",
        "{file}: line {line}, column : {reason} (value: )",
    ),
    "problem.line_no_value": (
        "{file}: บรรทัด {line}, คอลัมน์ {column}: {reason}",
        "{file}: line {line}, column {column}: {reason} (value: )",
    ),
    "column": ("คอลัมน์ '{header}': {inner}", "column '{header}': {inner}"),
    "read_error.at_line": ("{file}: บรรทัด {line}: {reason}", "{file}: line {line}: {reason}"),
    "read_error.in_file": ("{file}: {reason}", "{file}: {reason}"),
    # --- data.validate: one cell --------------------------------------------------------------------
    "validate.unknown_column": (
        "ไม่รู้จักคอลัมน์นี้ (ไม่อยู่ในรูปแบบข้อมูลมาตรฐาน)",
        "unknown column (not in the data format)",
    ),
    "validate.required_column": ("ไม่มีคอลัมน์ที่จำเป็นนี้", "required column is missing"),
    "validate.required_value": ("ต้องไม่เว้นว่าง", "required value is empty"),
    "validate.not_whole_number": ("ไม่ใช่จำนวนเต็ม", "not a whole number"),
    "validate.not_number": ("ไม่ใช่ตัวเลข", "not a number"),
    "validate.outside": ("อยู่นอกช่วง {lo} – {hi}", "outside {lo} – {hi}"),
    "validate.or_outside": ("{inner} หรืออยู่นอกช่วง {lo} – {hi}", "{inner} or outside {lo} – {hi}"),
    "validate.not_bool": ("ไม่ใช่ค่าจริง/เท็จ (true/false)", "not true/false"),
    "validate.pass_fail": (
        "ต้องเป็น 1 (ผ่าน), 0 (ไม่ผ่าน) หรือเว้นว่าง (ไม่เกี่ยวข้อง)",
        "must be 1 (passes), 0 (fails) or empty (not applicable)",
    ),
    "validate.not_one_of": ("ไม่ใช่ค่าที่กำหนดไว้ (ค่าที่ใช้ได้: {allowed})", "not one of: {allowed}"),
    "validate.not_current_code": (
        "ไม่ใช่รหัส{level}ปัจจุบันของกรมการปกครอง ({width} หลัก)",
        "not a current DOPA {level} code ({width} digits)",
    ),
    "validate.code_width": ("ต้องเป็นตัวเลข {width} หลัก", "must be {width} digits"),
    "validate.national_id": (
        "ไม่ใช่เลขประจำตัวประชาชน 13 หลักที่ถูกต้อง (เลขตรวจสอบหลักสุดท้ายไม่ตรง)",
        "not a valid 13-digit national ID (check digit)",
    ),
    "validate.hh_id": (
        "รหัสครัวเรือนต้องยาว 1-40 ตัวอักษร และใช้ได้เฉพาะ A-Z a-z 0-9 _ -",
        "household ID must be 1-40 characters of A-Z a-z 0-9 _ -",
    ),
    # --- data.validate and data.registry: rules across columns and rows -------------------------------
    "validate.not_prefix": ("ไม่ขึ้นต้นด้วยรหัสใน {parent}", "does not start with {parent}"),
    "validate.village_no": (
        "ไม่ตรงกับเลขสองหลักสุดท้ายของ village_code",
        "does not match the last two digits of village_code",
    ),
    "validate.latlon_together": (
        "ต้องระบุละติจูด (lat) และลองจิจูด (lon) คู่กัน",
        "lat and lon must be given together",
    ),
    "validate.members_age": (
        "จำนวนสมาชิกอายุต่ำกว่า 15 ปีรวมกับสมาชิกอายุ 60 ปีขึ้นไป มากกว่าจำนวนสมาชิกทั้งหมด",
        "members under 15 plus members 60+ exceed members",
    ),
    "validate.exceeds_members": ("มากกว่าจำนวนสมาชิกทั้งหมด (members)", "exceeds members"),
    "validate.earlier.households": (
        "ครัวเรือนและรอบสำรวจเดียวกันนี้มีอยู่แล้วในบรรทัดก่อนหน้าของไฟล์",
        "same household and round appear earlier in the file",
    ),
    "validate.earlier.members": (
        "ลำดับสมาชิกนี้ซ้ำกับบรรทัดก่อนหน้าของครัวเรือนและรอบสำรวจเดียวกัน",
        "same person number appears earlier for this household and round",
    ),
    "validate.earlier.registry": (
        "บุคคลเดียวกันนี้มีอยู่แล้วในบรรทัดก่อนหน้าของไฟล์",
        "same person appears earlier in the file",
    ),
    # --- importing a file -------------------------------------------------------------------------
    # dup: data.import_duplicates, data.import_report; import: data.import_file, data.import_chunk,
    # data.importer
    "dup.what.households": ("ครัวเรือนและรอบสำรวจเดียวกันนี้", "same household and round"),
    "dup.what.members": (
        "ลำดับสมาชิกเดียวกันของครัวเรือนและรอบสำรวจนี้",
        "same person number for this household and round",
    ),
    "dup.what.registry": ("บุคคลเดียวกันนี้", "same person"),
    "dup.other_values": (
        "{what}มีอยู่แล้วในบรรทัดก่อนหน้าแต่ค่าต่างกัน: เก็บแถวก่อนหน้าไว้และปฏิเสธแถวนี้{kept}",
        "{what} as an earlier line, with other values: the earlier row is kept, this one "
        "rejected{kept}",
    ),
    "dup.same_values": (
        "{what}มีอยู่แล้วในบรรทัดก่อนหน้าด้วยค่าเดียวกันทุกคอลัมน์ (แถวซ้ำ): เก็บแถวก่อนหน้าไว้และปฏิเสธแถวนี้{kept}",
        "{what} as an earlier line, with the same values: the earlier row is kept, this one "
        "rejected{kept}",
    ),
    "dup.kept": (" (เก็บแถวบรรทัด {line})", " (kept: line {line})"),
    "dup.kept_differs": (
        " (เก็บแถวบรรทัด {line}; คอลัมน์ที่ค่าต่างกัน: {columns})",
        " (kept: line {line}; differs in: {columns})",
    ),
    "dup.rejected_too": (
        "{what}มีอยู่แล้วในบรรทัดก่อนหน้า ซึ่งถูกปฏิเสธเช่นกัน (บรรทัด {line})",
        "{what} as an earlier line, which is rejected too (line {line})",
    ),
    "dup.rejected_too_kind": (
        "{what}มีอยู่แล้วในบรรทัดก่อนหน้า ซึ่งถูกปฏิเสธเช่นกัน",
        "{what} as an earlier line, which is rejected too",
    ),
    "import.no_rows": ("ไฟล์มีแถวหัวตารางแต่ไม่มีข้อมูล", "the file has a header but no rows"),
    "import.rest_not_read": (
        "{inner}; ไม่ได้อ่านส่วนที่เหลือของไฟล์ตั้งแต่บรรทัดนี้",
        "{inner}; the rest of the file from this line on was not read",
    ),
    "import.unknown_column": (
        "ไม่รู้จักคอลัมน์นี้: ไม่นำเข้า (ระบุการจับคู่ได้ในไฟล์จับคู่คอลัมน์)",
        "unknown column: left out (map it in a mapping file)",
    ),
    "import.column_left_out": ("ไม่นำเข้าคอลัมน์นี้: {inner}", "column left out: {inner}"),
    "import.rows_above_header": (
        "ข้ามแถวที่มีข้อมูลเหนือหัวตาราง {n} แถว (ชื่อเรื่องหรือหมายเหตุ)",
        "{n} non-empty row(s) above the header were skipped (titles or notes)",
    ),
    "import.other_sheets": (
        "อ่านเฉพาะแผ่นงาน {sheet}; แผ่นงานที่ไม่ได้อ่าน: {others}",
        "only sheet {sheet} was read; not read: {others}",
    ),
    "import.orphan_member": (
        "ไม่พบครัวเรือนและรอบสำรวจนี้ในแถวที่ถูกต้องของไฟล์ครัวเรือน",
        "no such household and round among the valid rows of the household file",
    ),
    "import.snapshot_year": (
        "ปีของข้อมูล {year} ไม่ใช่ปีพุทธศักราช (เช่น 2565)",
        "snapshot year {year} is not a Buddhist-era year (e.g. 2565)",
    ),
    # how a file was read (data.readers.describe_read)
    "read_as.excel": (
        "Excel · แผ่นงาน {sheet} · หัวตารางอยู่แถว {line}",
        "Excel, sheet {sheet}, header on row {line}",
    ),
    "read_as.parquet": ("Parquet", "Parquet"),
    "read_as.csv": (
        "CSV · การเข้ารหัส {enc} · ตัวคั่น {delim} · หัวตารางอยู่บรรทัด {line}",
        "CSV, encoding {enc}, delimiter {delim}, header on line {line}",
    ),
    # the summaries of an import (data.import_result, data.import_report)
    "summary.cannot_import": (
        "{file}: ไม่ได้นำเข้าข้อมูลใด ๆ: ไฟล์นี้นำเข้าตามสภาพปัจจุบันไม่ได้",
        "{file}: nothing imported: the file cannot be imported as it is.",
    ),
    "summary.counts": (
        "พบปัญหา {n} รายการใน {rows} จาก {total} แถว",
        "{n} problem(s) in {rows} of {total} rows",
    ),
    "summary.nothing_imported": (
        "{file}: ไม่ได้นำเข้าข้อมูลใด ๆ {counts}{also}{inhead}:",
        "{file}: nothing imported. {counts}{also}{inhead}:",
    ),
    "summary.also": ("; {file}: {counts}", "; {file}: {counts}"),
    "summary.in_header": (" และในแถวหัวตาราง", " and in the header"),
    "summary.count_line": ("  {n} × {column}: {reason}", "  {n} × {column}: {reason}"),
    "summary.whole_file": ("(ทั้งไฟล์)", "(file)"),
    "summary.first_problems": ("ปัญหารายการแรก ๆ:", "First problems:"),
    "summary.first_problem": ("  {problem}", "  {problem}"),
    "summary.read_as": ("อ่านไฟล์เป็น {how}", "Read as {how}."),
    "summary.unknown_columns": ("คอลัมน์ที่ไม่รู้จัก: {names}", "Columns not recognised: {names}"),
    "summary.strangers": (
        "ไม่มีสมาชิกคนใดใน {members} อยู่ในครัวเรือนของ {file} (ไม่มี hh_id และ round_be "
        "ที่ตรงกันเลย): เป็นไฟล์สมาชิกของไฟล์ครัวเรือนอื่นหรือของรอบสำรวจอื่นหรือไม่?",
        "None of the members of {members} belongs to a household of {file} (no hh_id and "
        "round_be in common): is it the member file of another household file or round?",
    ),
    "summary.done": (
        "{file}: {verb} {rows} จาก {total} แถว: ใหม่ {new} · แทนที่ {replaced} "
        "(เก็บฉบับเดิมไว้ในประวัติ) · ไม่เปลี่ยนแปลง {unchanged}{members}",
        "{file}: {verb} {rows} of {total} rows: {new} new, {replaced} replaced (previous "
        "versions kept in history), {unchanged} unchanged{members}.",
    ),
    "summary.would_import": ("จะนำเข้า", "would import"),
    "summary.imported": ("นำเข้าแล้ว", "imported"),
    "summary.members": (" · สมาชิก {n} คน", "; {n} members"),
    "summary.rejected": (
        "ปฏิเสธ {rows} แถว (ปัญหา {n} รายการ): ดูไฟล์แถวที่ถูกปฏิเสธ",
        "{rows} rows rejected ({n} problems): see the rejects file.",
    ),
    "summary.rejected_members": (
        "ปฏิเสธ {rows} แถว และสมาชิก {members} คน (ปัญหา {n} รายการ): ดูไฟล์แถวที่ถูกปฏิเสธ",
        "{rows} rows and {members} members rejected ({n} problems): see the rejects file.",
    ),
    "summary.warnings": ("ข้อสังเกต {n} รายการ:", "{n} warning(s):"),
    "summary.warning": ("  {column}: {reason}", "  {column}: {reason}"),
    "summary.warning_file": ("  {reason}", "  {reason}"),
    # --- headers to columns: data.column_mapping, data.normalize ----------------------------------
    "map.required_missing": (
        "ไม่มีคอลัมน์ที่จำเป็น “{th}”: ไม่มีหัวคอลัมน์ใดในไฟล์ที่จับคู่กับคอลัมน์นี้ "
        "(เพิ่มคอลัมน์ หรือระบุชื่อคอลัมน์ในไฟล์จับคู่คอลัมน์)",
        "required column {th} ({en}) is missing: no header of the file maps to it (add it, "
        "or name the column in a mapping file)",
    ),
    "map.doubled": (
        "คอลัมน์ {listed} จับคู่กับ {name} ซ้ำกัน: ให้เหลือไว้คอลัมน์เดียว หรือจับคู่คอลัมน์อื่นไปยังคอลัมน์อื่นในไฟล์จับคู่คอลัมน์",
        "columns {listed} all map to {name}: keep one, or map the others elsewhere in a "
        "mapping file",
    ),
    "map.left_out_by_mapping": ("ไฟล์จับคู่คอลัมน์ระบุให้ไม่นำเข้า", "the mapping says to leave it out"),
    "map.not_of_kind": (
        "จับคู่กับ {target} ซึ่งไม่ใช่คอลัมน์ของ{kind}",
        "mapped to {target}, which is not a {kind} column",
    ),
    "map.empty_column": ("ไม่มีหัวคอลัมน์และไม่มีข้อมูล", "no header and no values"),
    "map.taken_by_mapping": (
        "{target} ใช้ค่าจากคอลัมน์ '{source}' แล้ว (ตามไฟล์จับคู่คอลัมน์)",
        "{target} comes from '{source}' (mapping)",
    ),
    "map.mapped": ("{header} → {target}", "{header} → {target}"),
    "map.derived": ("{column} คำนวณจาก {how}", "{column} derived from {how}"),
    "map.derived_rows": ("{source} ({n} แถว)", "{source} ({n} rows)"),
    "map.village_no_from_code": (
        "เลขสองหลักสุดท้ายของ village_code",
        "the last two digits of village_code",
    ),
    "map.unknown_left_out": ("ไม่รู้จักคอลัมน์ จึงไม่นำเข้า: {header}", "unknown column left out: {header}"),
    "map.left_out": ("ไม่นำเข้าคอลัมน์ {header} ({why})", "column left out: {header} ({why})"),
    "map.swapped": (
        "สลับ lat และ lon กลับให้ถูกต้องแล้ว {n} แถว (ค่าละติจูดอยู่ในคอลัมน์ลองจิจูด)",
        "lat and lon swapped back in {n} rows (latitude was in the longitude column)",
    ),
    # --- data.columns: mapping files (MappingError) -----------------------------------------------------
    "mapping.where": ("การจับคู่คอลัมน์", "mapping"),
    "mapping.unreadable": ("{where}: อ่านไฟล์ไม่ได้ {system}", "{where}: cannot be read ({system})"),
    "mapping.bad_json": (
        "{where}: ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {line}: {json})",
        "{where}: not valid JSON (line {line}: {json})",
    ),
    "mapping.not_object": (
        '{where}: ต้องเป็นออบเจกต์ JSON รูปแบบ {{"หัวคอลัมน์ในไฟล์": "ชื่อคอลัมน์มาตรฐาน"}}',
        '{where}: must be a JSON object {{"their header": "canonical"}}',
    ),
    "mapping.two_cells": (
        "{where}: แถวที่ {row} ต้องมี 2 ช่อง คือ หัวคอลัมน์ในไฟล์, ชื่อคอลัมน์มาตรฐาน",
        "{where}: row {row} needs two cells: their header, canonical",
    ),
    "mapping.not_canonical": (
        "{where}: {value} (ของคอลัมน์ {header}) ไม่ใช่ชื่อคอลัมน์มาตรฐาน",
        "{where}: {value} (for {header}) is not a canonical column",
    ),
    "mapping.not_canonical_hint": (
        "{where}: {value} (ของคอลัมน์ {header}) ไม่ใช่ชื่อคอลัมน์มาตรฐาน หมายถึง {hint} ใช่หรือไม่",
        "{where}: {value} (for {header}) is not a canonical column; did you mean {hint}?",
    ),
    # JSON parser messages (json.JSONDecodeError.msg), the common ones
    "json.Expecting value": ("ไม่พบค่าที่ต้องมี", "Expecting value"),
    "json.Expecting property name enclosed in double quotes": (
        'ชื่อคีย์ต้องอยู่ในเครื่องหมายคำพูดคู่ (")',
        "Expecting property name enclosed in double quotes",
    ),
    "json.Expecting ',' delimiter": ("ขาดเครื่องหมายจุลภาค (,)", "Expecting ',' delimiter"),
    "json.Expecting ':' delimiter": ("ขาดเครื่องหมายทวิภาค (:)", "Expecting ':' delimiter"),
    "json.Extra data": ("มีข้อมูลเกินต่อท้าย", "Extra data"),
    "json.Unterminated string starting at": (
        "ข้อความไม่มีเครื่องหมายคำพูดปิด",
        "Unterminated string starting at",
    ),
    "json.Invalid control character at": ("มีอักขระควบคุมที่ใช้ไม่ได้", "Invalid control character at"),
    "json.Invalid \\escape": ("ลำดับ escape ไม่ถูกต้อง", "Invalid \\escape"),
    "json.Illegal trailing comma before end of object": (
        "มีจุลภาคเกินก่อนปิดออบเจกต์",
        "Illegal trailing comma before end of object",
    ),
    "json.Illegal trailing comma before end of array": (
        "มีจุลภาคเกินก่อนปิดอาร์เรย์",
        "Illegal trailing comma before end of array",
    ),
    # --- values: data.normalize_values (not_latlon: data.normalize) -------------------------------
    "value.decimal_comma": (
        "ไม่ใช่ตัวเลข: จุลภาคใช้คั่นหลักพันเท่านั้น (1,234.50) ทศนิยมให้ใช้จุด '.'",
        "not a number: a comma is used as thousands separator (1,234.50); write a decimal "
        "point as '.'",
    ),
    "value.not_year": ("ไม่ใช่ตัวเลขปี", "not a year"),
    "value.two_digit_year": (
        "ปีมีเพียง 2 หลัก: ให้เขียนปีเต็ม (2564 ถ้าเป็น พ.ศ. หรือ 2021 ถ้าเป็น ค.ศ.)",
        "2-digit year: write it in full (2564 in Buddhist era, or 2021)",
    ),
    "value.not_4_digit_year": ("ไม่ใช่ปี 4 หลัก", "not a 4-digit year"),
    "value.not_date": ("ไม่ใช่วันที่ (วัน/เดือน/ปี)", "not a date (day/month/year)"),
    "value.two_digit_date_year": (
        "ปีในวันที่มีเพียง 2 หลัก: ให้เขียนปีเต็ม 4 หลัก",
        "2-digit year in a date: write the year in full",
    ),
    "value.no_month": (
        "ไม่มีเดือนที่ {month} (วันที่ต้องเรียงเป็น วัน/เดือน/ปี)",
        "month {month} does not exist (dates are day/month/year)",
    ),
    "value.no_such_date": ("ไม่มีวันที่นี้ในปฏิทิน", "no such date"),
    "value.x_ambiguous": (
        "'x' ไม่ชัดเจน (หมายถึงเครื่องหมายถูกหรือกากบาท?): ให้เขียน ใช่/ไม่ใช่ (yes/no)",
        "'x' is ambiguous (a tick or a cross?): write yes/no (ใช่/ไม่ใช่)",
    ),
    "value.not_yes_no": (
        "ไม่ใช่ค่า ใช่/ไม่ใช่ (ใช้ได้: ใช่/ไม่ใช่, มี/ไม่มี, Y/N, true/false, 1/0)",
        "not yes/no (ใช่/ไม่ใช่, มี/ไม่มี, Y/N, true/false, 1/0)",
    ),
    "value.not_pass_fail": (
        "ไม่ใช่ค่าผ่าน/ไม่ผ่าน: ใช้ 1 (ผ่าน), 0 (ไม่ผ่าน) หรือเว้นว่าง (ไม่เกี่ยวข้อง)",
        "not pass/fail: 1 (ผ่าน), 0 (ไม่ผ่าน) or empty (ไม่เกี่ยวข้อง)",
    ),
    "value.not_card_status": (
        "ไม่ใช่สถานะบัตร: ใช้ ได้รับบัตร/ไม่ได้รับ/ยกเลิก, ใช่/ไม่ใช่ (yes/no) หรือ true/false",
        "not a card status: ได้รับบัตร/ไม่ได้รับ/ยกเลิก, yes/no (ใช่/ไม่ใช่), true/false",
    ),
    "value.scientific": (
        "ถูกเขียนเป็นเลขยกกำลัง (Excel แปลงเป็นตัวเลขทำให้บางหลักสูญหาย): "
        "ตั้งรูปแบบคอลัมน์เป็นข้อความแล้วส่งออกไฟล์ใหม่",
        "written in scientific notation (Excel turned it into a number and lost digits): "
        "format the column as text and export again",
    ),
    "value.id_as_household": (
        "มีลักษณะเป็นเลขประจำตัวประชาชน 13 หลัก: ห้ามใช้เลขประจำตัวประชาชนเป็นรหัสครัวเรือน",
        "looks like a 13-digit national ID: a household ID must not be one",
    ),
    "value.not_latlon": ("ไม่อยู่ในรูป 'ละติจูด, ลองจิจูด'", "not 'latitude, longitude'"),
    # --- codes and area names: data.normalize_areas -----------------------------------------------
    "area.village_by_name": (
        "ระบุหมู่บ้านเป็นชื่อ: ให้ใส่รหัสหมู่บ้าน 8 หลัก หรือเลขหมู่ที่ในคอลัมน์หมู่ที่ (village_no)",
        "a village is given by name: write the 8-digit village code, or the village number "
        "in หมู่ที่ (village_no)",
    ),
    "area.code_digits": (
        "มี {n} หลัก แต่รหัส{level}มี {width} หลัก",
        "has {n} digits: a {level} code has {width}",
    ),
    "area.province_digits": (
        "มี {n} หลัก แต่รหัสจังหวัดมี 2 หลัก (10-96): เติมเลขที่หายไปกลับไม่ได้",
        "has {n} digit(s): province codes have 2 (10-96); cannot be restored",
    ),
    "area.zeros_lost": (
        "มี {n} หลัก (รหัส{level}มี {width} หลัก): เลขศูนย์หายไป และอาจเป็น {listed} ให้เขียนรหัสเต็ม",
        "has {n} digits (a {level} code has {width}): zeros were lost and it could be "
        "{listed}; write the full code",
    ),
    "area.zeros_unfit": (
        "มี {n} หลัก แต่รหัส{level}มี {width} หลัก และเมื่อเติมเลขศูนย์กลับแล้วไม่ตรงกับรหัส{level}ปัจจุบันใดเลย",
        "has {n} digits: a {level} code has {width}, and no current {level} code fits it "
        "with zeros put back",
    ),
    "area.villages_by_name": (
        "ค้นหาหมู่บ้านจากชื่อไม่ได้: ให้ระบุรหัสหมู่บ้านหรือเลขหมู่ที่",
        "villages cannot be found by name: give the village code or number",
    ),
    "area.names_no_th": ("{quote} ไม่ได้ระบุชื่อ{level}", "{quote} names no {level} ({level_th})"),
    "area.names_no": ("{quote} ไม่ได้ระบุชื่อ{level}", "{quote} names no {level}"),
    "area.no_name_in": ("ไม่พบชื่อ{level}ใน {quote}", "no {level} name in {quote}"),
    "area.within": (" ใน {area}", " in {area}"),
    "area.more": (" และอีก {n} แห่ง", " and {n} more"),
    "area.give.district": ("จังหวัด", "province"),
    "area.give.other": ("อำเภอหรือจังหวัด", "district or province"),
    "area.ambiguous": (
        "ชื่อ{level} {quote}{within} ซ้ำกัน {n} แห่ง ({cands}{more}): ให้ระบุ{give} หรือใส่รหัสแทน",
        "ambiguous {level} name {quote}{within}: {n} places have it ({cands}{more}); give the "
        "{give} or the code",
    ),
    "area.not_within": (
        "ไม่มี{level}ชื่อ {quote}{within}; พื้นที่ที่ใช้ชื่อนี้: {cands}",
        "no {level} named {quote}{within}; places with that name: {cands}",
    ),
    "area.unknown": ("ไม่รู้จักชื่อ{level} {quote}{within}", "unknown {level} name {quote}{within}"),
    "area.unknown_hint": (
        "ไม่รู้จักชื่อ{level} {quote}{within}: หมายถึง {hint} ใช่หรือไม่",
        "unknown {level} name {quote}{within}; did you mean: {hint}",
    ),
    # --- reading a file: data.readers (read, os), data.read_csv, data.read_table ------------------
    "read.xls": (
        "เป็นไฟล์ Excel รุ่นเก่า (.xls): ให้บันทึกใหม่เป็น .xlsx หรือ CSV (UTF-8)",
        "old Excel .xls format: save it as .xlsx or CSV (UTF-8)",
    ),
    "read.not_found": ("ไม่พบไฟล์", "file not found"),
    "read.folder": ("เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "is a folder, not a file"),
    "read.cannot_open": ("เปิดไฟล์ไม่ได้: {reason}", "cannot be opened: {reason}"),
    "os.Permission denied": ("ไม่มีสิทธิ์เข้าถึงไฟล์", "Permission denied"),
    "os.No such file or directory": ("ไม่พบไฟล์หรือโฟลเดอร์", "No such file or directory"),
    "os.Is a directory": ("เป็นโฟลเดอร์", "Is a directory"),
    "os.Too many open files": ("เปิดไฟล์พร้อมกันมากเกินไป", "Too many open files"),
    "os.Input/output error": ("อ่านจากอุปกรณ์จัดเก็บไม่ได้", "Input/output error"),
    "read.unsupported": (
        "ไม่รองรับไฟล์ {suffix}: ให้บันทึกใหม่เป็น .xlsx หรือ CSV",
        "{suffix} files are not supported: save as .xlsx or CSV",
    ),
    "read.wrong_content": (
        "ชื่อไฟล์ลงท้ายด้วย {suffix} แต่เนื้อหาไม่ใช่ไฟล์ {suffix}",
        "named {suffix} but its content is not a {suffix} file",
    ),
    "read.unknown_encoding": ("ไม่รู้จักการเข้ารหัส {encoding}", "unknown encoding {encoding}"),
    "read.empty": ("ไฟล์ว่างเปล่า (ไม่มีแถวหัวตาราง)", "the file is empty (no header row)"),
    "read.line_too_long": (
        "บรรทัด {line} ยาวเกิน {limit} ตัวอักษรโดยไม่มีการขึ้นบรรทัดใหม่: ไฟล์นี้ไม่ใช่ตาราง "
        "(เลือกไฟล์ผิด หรือการขึ้นบรรทัดใหม่หายไป?)",
        "line {line} is longer than {limit} characters without a line break: this is not a "
        "table (wrong file, or line breaks lost?)",
    ),
    "read.nul_utf16": (
        "บรรทัดนี้มีไบต์ NUL: ไฟล์นี้ไม่ใช่ตารางข้อความ (หรือเป็น UTF-16 ที่ไม่มี BOM: ให้ระบุการเข้ารหัส utf-16-le)",
        "the line contains a NUL byte: this is not a text table (or it is UTF-16 without a "
        "byte-order mark: give encoding='utf-16-le')",
    ),
    "read.nul": (
        "บรรทัดนี้มีไบต์ NUL: ไฟล์นี้ไม่ใช่ตารางข้อความ",
        "the line contains a NUL byte: this is not a text table",
    ),
    "read.undecodable": (
        "ถอดรหัสเป็น {encoding} ไม่ได้ ({codec}): ให้ระบุการเข้ารหัสที่ถูกต้อง",
        "cannot be decoded as {encoding} ({codec}); give the right encoding",
    ),
    # UnicodeDecodeError.reason of the codecs a Thai file is read with (data.read_csv)
    "codec.invalid start byte": ("ไบต์เริ่มต้นอักขระไม่ถูกต้อง", "invalid start byte"),
    "codec.invalid continuation byte": ("ไบต์ต่อเนื่องของอักขระไม่ถูกต้อง", "invalid continuation byte"),
    "codec.unexpected end of data": ("ข้อมูลจบก่อนอักขระสุดท้ายครบ", "unexpected end of data"),
    "codec.character maps to <undefined>": (
        "มีไบต์ที่ไม่ตรงกับอักขระใดในชุดอักขระนี้",
        "character maps to <undefined>",
    ),
    "codec.truncated data": ("ข้อมูลถูกตัดขาด", "truncated data"),
    "codec.illegal multibyte sequence": ("ลำดับไบต์ไม่ถูกต้อง", "illegal multibyte sequence"),
    "codec.illegal encoding": ("การเข้ารหัสไม่ถูกต้อง", "illegal encoding"),
    "codec.illegal UTF-16 surrogate": ("ลำดับไบต์ UTF-16 ไม่ถูกต้อง", "illegal UTF-16 surrogate"),
    "codec.unexpected end of data in surrogate pair": (
        "ข้อมูลจบกลางคู่อักขระ UTF-16",
        "unexpected end of data in surrogate pair",
    ),
    # data.read_csv, data.read_encoding, data.read_table, data.read_xlsx, data.read_parquet,
    # data.readers (xlsx_encrypted)
    "read.wrong_delimiter": (
        "พบเพียงคอลัมน์เดียวเมื่อใช้ตัวคั่น{delim} แต่หัวตารางมี{found}: ตัวคั่นผิดหรือไม่? (ให้ระบุตัวคั่น {given})",
        "only one column found with delimiter {delim}, but the header contains {found}: "
        "wrong delimiter? (give delimiter={given})",
    ),
    "read.no_header_row": (
        "แถวหัวตารางที่ระบุว่างเปล่า หรืออยู่เลยท้ายไฟล์",
        "the given header row is empty or past the end of the file",
    ),
    "read.ragged_long": (
        "แถวนี้มี {n} ช่อง แต่หัวตารางมี {width} ช่อง: ช่องที่เกินคอลัมน์สุดท้ายมีข้อมูล "
        "(มีตัวคั่นอยู่ในช่องที่ไม่ได้ครอบด้วยเครื่องหมายคำพูดหรือไม่?)",
        "row has {n} cells but the header has {width}: the cells past the last column are "
        "not empty (a delimiter inside an unquoted cell?)",
    ),
    "read.ragged_short": (
        "แถวนี้มี {n} ช่อง แต่หัวตารางมี {width} ช่อง: ข้อมูลอาจเลื่อนช่องหรือขาดหายไป",
        "row has {n} cells but the header has {width}: cells may be shifted or missing",
    ),
    "read.sheet_file": ("{file} (แผ่นงาน {sheet})", "{file} (sheet {sheet})"),
    "read.open_quote": (
        "ไฟล์จบกลางช่องที่ครอบด้วยเครื่องหมายคำพูดซึ่งเริ่มที่บรรทัด {line}: ไฟล์ไม่ครบ "
        'หรือมีเครื่องหมายคำพูด (") ที่ไม่ได้ปิด',
        "the file ends inside a quoted cell that starts on line {line}: the file is truncated "
        'or a quote (") is never closed',
    ),
    "read.huge_cell": (
        'ช่องที่เริ่มที่บรรทัด {line} ยาวเกิน {limit} ตัวอักษร: น่าจะมีเครื่องหมายคำพูด (") ที่ไม่ได้ปิด',
        'a cell starting on line {line} is longer than {limit} characters: a quote (") is '
        "probably never closed",
    ),
    "read.text_after_quote": (
        'ช่องที่ครอบด้วยเครื่องหมายคำพูดมีข้อความต่อท้ายเครื่องหมายปิด: เครื่องหมายคำพูดภายในช่องต้องเขียนซ้ำสองตัว ("")',
        'a quoted cell has text after its closing quote: quotes inside a cell must be doubled ("")',
    ),
    "read.csv_error": ("อ่านเป็น CSV ไม่ได้ {system}", "cannot be read as CSV: {system}"),
    "read.mixed_encodings": (
        "การเข้ารหัสปนกัน: ก่อนบรรทัดนี้มีข้อความภาษาไทยแบบ UTF-8 แต่ไบต์ {byte} ในบรรทัดนี้"
        "ไม่ใช่ UTF-8 ให้บันทึกทั้งไฟล์เป็น UTF-8 (หรือระบุการเข้ารหัส)",
        "mixed encodings: Thai text in UTF-8 before this line, but byte {byte} here is not "
        "UTF-8. Save the whole file as UTF-8 (or give the encoding)",
    ),
    "read.bad_byte": (
        "ไบต์ {byte} ถอดรหัสเป็น {tried} ไม่ได้: ให้ระบุการเข้ารหัสของไฟล์",
        "byte {byte} cannot be decoded as {tried}: give the file's encoding",
    ),
    "read.needs_openpyxl": (
        "การอ่านไฟล์ .xlsx ต้องติดตั้งแพ็กเกจ openpyxl",
        "reading .xlsx needs the openpyxl package",
    ),
    "read.xlsx_encrypted": (
        "สมุดงานนี้ตั้งรหัสผ่านไว้ (เข้ารหัส) จึงอ่านไม่ได้: ให้เปิดใน Excel เอารหัสผ่านออก "
        "(ไฟล์ > ข้อมูล > ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน) แล้วบันทึกใหม่ "
        "หรือบันทึกเป็น CSV (UTF-8)",
        "the workbook is protected with a password (encrypted), so it cannot be read: open it "
        "in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
        "Password) and save it again, or save it as CSV (UTF-8)",
    ),
    "read.xlsx_incomplete": (
        "ไฟล์ Excel เสียหายหรือไม่ครบ (ถูกตัดขาดระหว่างคัดลอกหรือดาวน์โหลดหรือไม่?): " + _XLSX_REPAIR_TH,
        "the Excel workbook is damaged or incomplete (cut short when it was copied or "
        "downloaded?): " + _XLSX_REPAIR_EN,
    ),
    "read.xlsx_part_missing": (
        "ไฟล์ Excel เสียหาย: ไม่มีส่วนประกอบ {part} ของไฟล์: " + _XLSX_REPAIR_TH,
        "the Excel workbook is damaged: its part {part} is missing: " + _XLSX_REPAIR_EN,
    ),
    "read.xlsx_no_sheet": (
        "ไฟล์ Excel เสียหาย: ไม่มีแผ่นงานเลย: " + _XLSX_REPAIR_TH,
        "the Excel workbook is damaged: it has no sheet: " + _XLSX_REPAIR_EN,
    ),
    "read.xlsx_sheet_broken": (
        "ไฟล์ Excel เสียหาย: อ่านแผ่นงาน '{sheet}' ไม่ได้: " + _XLSX_REPAIR_TH,
        "the Excel workbook is damaged: sheet '{sheet}' cannot be read: " + _XLSX_REPAIR_EN,
    ),
    "read.xlsx_sheet_broken_after": (
        "ไฟล์ Excel เสียหาย: อ่านแผ่นงาน '{sheet}' ต่อจากแถว {row} ไม่ได้: " + _XLSX_REPAIR_TH,
        "the Excel workbook is damaged: sheet '{sheet}' cannot be read after row {row}: "
        + _XLSX_REPAIR_EN,
    ),
    "read.xlsx_unreadable": (
        "ไฟล์ Excel เสียหาย: อ่านเนื้อหาของไฟล์ไม่ได้: " + _XLSX_REPAIR_TH,
        "the Excel workbook is damaged: its contents cannot be read: " + _XLSX_REPAIR_EN,
    ),
    "read.no_sheet_number": (
        "ไม่มีแผ่นงานลำดับที่ {n} (แผ่นงานที่มี: {names})",
        "no sheet number {n} (sheets: {names})",
    ),
    "read.no_sheet_named": (
        "ไม่มีแผ่นงานชื่อ {sheet} (แผ่นงานที่มี: {names})",
        "no sheet named {sheet} (sheets: {names})",
    ),
    "read.sheets_empty": ("ทุกแผ่นงานว่างเปล่า ({names})", "every sheet is empty ({names})"),
    "read.parquet": ("อ่านเป็นไฟล์ Parquet ไม่ได้ {system}", "cannot be read as Parquet: {system}"),
    # --- data.referrals ---------------------------------------------------------------------------------
    "referral.unknown_referral": ("ไม่พบเลขที่ส่งต่อ {referral_id}", "no referral {referral_id}"),
    "referral.unknown_status": (
        "ไม่รู้จักสถานะ '{value}' (ใช้ได้: {allowed})",
        "unknown status '{value}' (use one of: {allowed})",
    ),
    "referral.invalid_transition": (
        "เปลี่ยนสถานะจาก '{from_label}' เป็น '{to_label}' ไม่ได้: สถานะถัดไปที่ทำได้คือ {allowed}",
        "cannot go from '{from_label}' to '{to_label}': the next status can be {allowed}",
    ),
    "referral.final_status": (
        "'{from_label}' เป็นสถานะสุดท้าย เปลี่ยนสถานะต่อไม่ได้",
        "'{from_label}' is final: its status cannot change",
    ),
    "referral.missing_by": ("ต้องระบุชื่อผู้บันทึก", "say who is making the change"),
    "referral.missing_column": ("ไม่มีคอลัมน์ {column}", "missing column {column}"),
    "referral.missing_value": ("ต้องกรอก {column}", "{column} is empty"),
    "referral.bad_time": (
        "วันเวลาไม่ถูกต้อง '{value}' (ใช้ ปปปป-ดด-วว หรือ วว/ดด/ปปปป เช่น 2568-01-31)",
        "not a date or time '{value}' (use YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-01-31)",
    ),
    "referral.time_before_last": (
        "ก่อนการเปลี่ยนแปลงครั้งล่าสุดของรายการนี้ ({last})",
        "earlier than this referral's last change ({last})",
    ),
    "referral.time_in_future": ("วันเวลาอยู่ในอนาคต", "the time is in the future"),
    "referral.unknown_household": (
        "ไม่พบครัวเรือน {hh_id} ในรอบ {round_be}",
        "no household {hh_id} in round {round_be}",
    ),
    "referral.unknown_intervention": ("ไม่รู้จักมาตรการ {value}", "unknown intervention {value}"),
    "referral.unknown_agency": ("ไม่รู้จักหน่วยงาน {value}", "unknown agency {value}"),
    "referral.bad_initial": (
        "รายการใหม่ต้องเริ่มที่สถานะ {allowed}",
        "a new referral starts as one of {allowed}",
    ),
    "referral.target_before_created": (
        "วันครบกำหนดต้องไม่ก่อนวันที่สร้างรายการ",
        "the target date cannot be before the referral is created",
    ),
    "referral.no_rows": ("ไฟล์ไม่มีรายการ", "the file has no rows"),
    "referral.conflict": (
        "มีผู้อื่นเปลี่ยนสถานะรายการนี้พร้อมกัน โปรดโหลดใหม่แล้วลองอีกครั้ง",
        "someone else changed this referral at the same time: reload and try again",
    ),
    # --- data.targets -----------------------------------------------------------------------------------
    "target.missing_column": ("ไม่มีคอลัมน์ {column}", "missing column {column}"),
    "target.bad_area": (
        "ไม่ใช่รหัสจังหวัด (2 หลัก) หรืออำเภอ (4 หลัก) ของกรมการปกครอง",
        "not a DOPA province (2 digits) or district (4 digits) code",
    ),
    "target.bad_scope": ("ประเภทเป้าหมายต้องเป็น {allowed}", "scope must be one of {allowed}"),
    "target.bad_round": ("รอบต้องเป็นปี พ.ศ. 2550-2600", "a round is a Buddhist-era year 2550-2600"),
    "target.round_order": (
        "รอบเป้าหมายต้องหลังรอบฐาน",
        "the target round must come after the baseline",
    ),
    "target.bad_count": ("ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป", "must be a whole number, 0 or more"),
    "target.duplicate": (
        "พื้นที่และประเภทเป้าหมายนี้ซ้ำกับบรรทัด {line}",
        "same area and scope as line {line}",
    ),
    "target.missing_by": ("ต้องระบุชื่อผู้บันทึก", "say who is setting the targets"),
    "target.no_rows": ("ไฟล์ไม่มีรายการ", "the file has no rows"),
    # --- data.sites: site, product, adoption and area-indicator files ---------------------------------
    "site.kind.site": ("สถานที่", "site"),
    "site.kind.enterprise": ("วิสาหกิจชุมชน", "enterprise"),
    "site.kind.cultural_site": ("แหล่งวัฒนธรรม", "cultural_site"),
    "site.kind.cultural_product": ("ผลิตภัณฑ์วัฒนธรรม", "cultural_product"),
    "site.kind.market": ("ตลาด", "market"),
    "site.kind.tourism_route": ("เส้นทางท่องเที่ยว", "tourism_route"),
    "site.kind.innovation_community": ("ชุมชนนวัตกรรม", "innovation_community"),
    "site.kind.technology": ("เทคโนโลยี", "technology"),
    "site.unknown_column": (
        "ไม่รู้จักคอลัมน์นี้สำหรับไฟล์ประเภทนี้ (ดูรายการคอลัมน์ใน docs/sites-format.md)",
        "unknown column for this kind (see docs/sites-format.md)",
    ),
    "site.outside_thailand": (
        "อยู่นอกช่วง {lo} – {hi} (อยู่นอกประเทศไทย)",
        "outside {lo} – {hi} (outside Thailand)",
    ),
    "site.year_range": (
        "ไม่ใช่ปี พ.ศ. ระหว่าง 2400 ถึง 2700",
        "not a year between 2400 and 2700 (Buddhist era)",
    ),
    "site.code_width": (
        "ต้องเป็นตัวเลข 2, 4, 6 หรือ 8 หลัก (รหัสกรมการปกครอง)",
        "must be 2, 4, 6 or 8 digits (DOPA code)",
    ),
    "site.not_current_code": ("ไม่ใช่รหัสปัจจุบันของกรมการปกครอง", "not a current DOPA code"),
    "site.tags": (
        "แต่ละแท็กต้องเป็นค่าที่กำหนดไว้ (ค่าที่ใช้ได้: {allowed}) คั่นด้วย |",
        "each tag must be one of: {allowed} (separate with |)",
    ),
    "site.id": (
        "รหัสต้องยาว 1-60 ตัวอักษร ใช้ได้เฉพาะ A-Z a-z 0-9 _ . - และขึ้นต้นด้วยตัวอักษรหรือตัวเลข",
        "an ID is 1-60 characters of A-Z a-z 0-9 _ . - (starting with a letter or digit)",
    ),
    "site.refs": ("รหัสสถานที่คั่นด้วย |", "site IDs separated by |"),
    "site.slug": (
        "ต้องยาว 1-60 ตัวอักษร ใช้ได้เฉพาะ a-z 0-9 _ และขึ้นต้นด้วยตัวอักษร",
        "1-60 characters of a-z 0-9 _, starting with a letter",
    ),
    "site.url": (
        "ต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย http:// หรือ https://",
        "must be a web address starting with http:// or https://",
    ),
    "site.too_long": ("ยาวเกิน {limit} ตัวอักษร", "longer than {limit} characters"),
    "site.national_id": (
        "มีตัวเลขที่ดูเหมือนเลขประจำตัวประชาชน 13 หลัก: ให้ลบออก (ระบบไม่เก็บเลขนี้)",
        "contains what looks like a 13-digit national ID: remove it (never stored)",
    ),
    "site.phone": (
        "หมายเลขโทรศัพท์ใช้ได้เฉพาะตัวเลข ช่องว่าง และ + ( ) - /",
        "a phone number has digits, spaces and + ( ) - / only",
    ),
    "site.ref_unknown": (
        "ไม่พบ{what}ที่มีรหัสนี้ในระบบ (ให้นำเข้าก่อน)",
        "no {what} with this ID is stored (import it first)",
    ),
    "site.ref_kind": ("{ref} เป็น{kind} ไม่ใช่{wanted}", "{ref} is a {kind}, not a {wanted}"),
    "site.give_location": (
        "ให้ระบุ lat และ lon หรือ area_code",
        "give lat and lon, or an area_code",
    ),
    "site.outside_boundaries": (
        "จุดนี้ไม่อยู่ในเขตแดนประเทศไทย",
        "the point is not inside Thailand's boundaries",
    ),
    "site.other_province": (
        "จุดนี้อยู่คนละจังหวัดกับ area_code",
        "the point lies in another province than area_code",
    ),
    "site.no_polygon": (
        "ไม่มีขอบเขตพื้นที่ของรหัสนี้: ให้ระบุ lat และ lon",
        "no boundary polygon for this code: give lat and lon",
    ),
    "site.earlier": ("ซ้ำกับบรรทัดก่อนหน้าในไฟล์", "appears earlier in the file"),
    "site.kind_changed": (
        "รหัสนี้ถูกบันทึกไว้แล้วเป็น{kind}: รหัสต้องไม่ซ้ำกันทุกประเภท",
        "already stored as a {kind}: IDs are unique over every kind",
    ),
    "site.route_differs": (
        "ไม่ตรงกับแถวแรกของเส้นทางนี้ (คอลัมน์ของเส้นทางต้องซ้ำกันทุกจุดแวะ)",
        "differs from this route's first row (route columns repeat on every stop)",
    ),
    "site.route_stops": ("เส้นทางต้องมีจุดแวะอย่างน้อย 2 จุด", "a route needs at least 2 stops"),
    "site.untagged": (
        "เทคโนโลยีต้องมีแท็กอย่างน้อยหนึ่งรายการ (สาเหตุ ตัวชี้วัด หรือทุน)",
        "a technology needs at least one tag (causes, indicators or capitals)",
    ),
    "site.unknown_area": ("ไม่รู้จักพื้นที่นี้", "unknown area"),
    "site.area_mismatch": ("ไม่ตรงกับ {column} ({code})", "does not match {column} ({code})"),
    "site.give_area": ("ให้ระบุ area_code หรือ area_name", "give area_code or area_name"),
    "site.indicator_level": (
        "ตัวชี้วัดใช้ได้เฉพาะระดับจังหวัด อำเภอ หรือตำบล",
        "indicators are for provinces, districts or subdistricts",
    ),
    "site.indicator_differs": (
        "ไม่ตรงกับแถวแรกของตัวชี้วัดนี้",
        "differs from this indicator's first row",
    ),
    # --- labels of the referral and target workflows (data.referrals, data.targets) -----------
    "referral.status.identified": ("ชี้เป้า", "Identified"),
    "referral.status.verified": ("สอบทานแล้ว", "Verified"),
    "referral.status.referred": ("ส่งต่อแล้ว", "Referred"),
    "referral.status.accepted": ("หน่วยงานรับเรื่อง", "Accepted"),
    "referral.status.in_progress": ("อยู่ระหว่างดำเนินการ", "In progress"),
    "referral.status.assisted": ("ช่วยเหลือแล้ว", "Assisted"),
    "referral.status.resolved": ("แก้ไขปัญหาได้แล้ว", "Resolved"),
    "referral.status.self_resolved": ("แก้ไขปัญหาได้ด้วยตนเอง", "Self-resolved"),
    "referral.status.cannot_resolve": ("แก้ไขไม่ได้ (ส่งต่อระดับจังหวัด)", "Cannot resolve (escalated)"),
    "target.scope.central": ("เป้าหมายส่วนกลาง", "Central target"),
    "target.scope.area": ("เป้าหมายพื้นที่", "Area target"),
    "target.status.achieved": ("บรรลุเป้าหมาย", "Achieved"),
    "target.status.on_track": ("ตามเป้า", "On track"),
    "target.status.at_risk": ("เสี่ยง", "At risk"),
    "target.status.off_track": ("ล่าช้า", "Off track"),
    "target.status.no_target": ("ไม่มีเป้าหมาย", "No target"),
}
