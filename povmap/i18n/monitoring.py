"""Labels of Monitoring, exit verification and grievances (Thai, English).

The names of categories, channels, shocks, states, grievance types, outcomes, actions, rates
and verdicts are in the data layer's catalogue (``data/messages_monitoring.py``:
``monitoring.category.*``, ``monitoring.state.*``, ``grievance.type.*``, ``exit_sample.verdict.*``
...), since its refusals name them too; the labels here are the pages' own.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # page titles (navigation)
    "section_keep_out": ("ป้องกันการกลับไปยากจน", "Keep them out"),
    "page_monitoring": ("เฝ้าระวังการกลับไปยากจน", "Keeping them out of poverty"),
    "page_exit_check": ("ตรวจสอบการพ้นความยากจน", "Exit verification"),
    "page_grievances": ("เรื่องร้องเรียนเกี่ยวกับรายชื่อ", "Grievances about the list"),
    "page_self_report": ("แจ้งความเดือดร้อน", "Report a hardship"),
    # the alert queue
    "monitor_queue": ("รายการแจ้งเตือนของพื้นที่", "Alerts in the area"),
    "monitor_alert_id": ("เลขที่การแจ้งเตือน", "Alert ID"),
    "monitor_category": ("กลุ่มเฝ้าระวัง", "Monitoring category"),
    "monitor_channel": ("ช่องทาง", "Channel"),
    "monitor_shocks": ("เหตุวิกฤต", "Shocks"),
    "monitor_state": ("สถานะ", "State"),
    "monitor_opened": ("วันที่แจ้งเตือน", "Alerted on"),
    "monitor_visit_due": ("กำหนดเยี่ยมบ้าน", "Home visit due"),
    "monitor_decision_due": ("กำหนดพิจารณา", "Decision due"),
    "monitor_overdue": ("เกินกำหนด", "Overdue"),
    "monitor_days_overdue": ("เกินกำหนด (วัน)", "Days overdue"),
    "monitor_overdue_only": ("เฉพาะรายการเกินกำหนด", "Overdue only"),
    "monitor_visited_late": ("เยี่ยมบ้านช้ากว่ากำหนด", "Visited late"),
    "monitor_no_alerts": ("ไม่มีการแจ้งเตือนในพื้นที่นี้", "No alerts in this area"),
    "monitor_households": ("ครัวเรือนที่เฝ้าระวัง", "Monitored households"),
    "monitor_history": ("ประวัติการแจ้งเตือน", "Alert history"),
    "monitor_next_state": ("สถานะถัดไป", "Next state"),
    "monitor_clear_risk": ("ยุติความเสี่ยง", "Clear the risk"),
    "monitor_raise_round": (
        "สร้างการแจ้งเตือนจากรอบสำรวจ {round}",
        "Raise alerts from survey round {round}",
    ),
    "monitor_raised": ("สร้างการแจ้งเตือนใหม่ {n:,} รายการ", "{n:,} new alerts"),
    # exit verification
    "exit_draw": ("สุ่มตัวอย่าง", "Draw the sample"),
    "exit_margin": ("ค่าคลาดเคลื่อนที่ยอมรับได้", "Margin of error"),
    "exit_confidence": ("ระดับความเชื่อมั่น", "Confidence"),
    "exit_strata": ("ชั้นภูมิ", "Strata"),
    "exit_seed": ("เลขตั้งต้นการสุ่ม", "Random seed"),
    "exit_population": ("จำนวนครัวเรือนทั้งหมด", "Households in the group"),
    "exit_drawn": ("จำนวนตัวอย่าง", "Households drawn"),
    "exit_checked": ("ตรวจแล้ว", "Checked"),
    "exit_reached": ("พบตัว", "Reached"),
    "exit_found_poor": ("พบว่ายากจน", "Found poor"),
    "exit_satisfied": ("พึงพอใจ", "Satisfied"),
    "exit_interval": ("ช่วงความเชื่อมั่น {confidence:.0%}", "{confidence:.0%} interval"),
    "exit_threshold": ("เกณฑ์", "Threshold"),
    "exit_verdict": ("ผลการประเมิน", "Verdict"),
    "exit_verdict_help": (
        "ผ่านเมื่อช่วงความเชื่อมั่นทั้งช่วงอยู่ฝั่งที่ดีของเกณฑ์ · ไม่ผ่านเมื่อค่าที่วัดได้อยู่ฝั่งที่ไม่ดี · "
        "ระหว่างนั้นยังสรุปไม่ได้ ต้องตรวจเพิ่ม",
        "Pass when the whole interval is on the good side of the threshold · fail when the rate "
        "itself is on the wrong side · in between the sample cannot tell: check more households",
    ),
    # grievances
    "grievance_queue": ("เรื่องร้องเรียนของพื้นที่", "Grievances in the area"),
    "grievance_id": ("เลขที่เรื่อง", "Grievance ID"),
    "grievance_type": ("ประเภทเรื่อง", "Type"),
    "grievance_filed": ("วันที่รับเรื่อง", "Filed on"),
    "grievance_due": ("กำหนดวินิจฉัย", "Decision due"),
    "grievance_level": ("ผู้พิจารณา", "Reviewed by"),
    "grievance_outcome": ("ผลการพิจารณา", "Outcome"),
    "grievance_action": ("การดำเนินการกับรายชื่อ", "Action on the list"),
    "grievance_import": ("การนำเข้าข้อมูลที่ปรับแล้ว", "Import that applied it"),
    "grievance_history": ("ลำดับการพิจารณา", "Review history"),
    # --- the monitoring page ---------------------------------------------------------------
    "monitor_intro": (
        "ครัวเรือนที่พ้นจนแต่ยังไม่มั่นคง กลุ่มเปราะบางใกล้เส้นความยากจน และครัวเรือนที่ประสบความเดือดร้อน"
        "ฉับพลัน จากรอบสำรวจ การลงพื้นที่ ข้อมูลหน่วยงาน และการแจ้งด้วยตนเอง: เยี่ยมบ้าน ตรวจสอบ "
        "พิจารณา แล้วเฝ้าระวังหรือส่งต่อความช่วยเหลือจนพ้นความเสี่ยง",
        "Households that left poverty but are not yet secure, marginal households near the line "
        "and households in sudden hardship, from survey rounds, field visits, agency data and "
        "self-reports: visit, cross-check, review, then monitor or refer help until the risk is "
        "cleared",
    ),
    "monitor_open_alerts": ("การแจ้งเตือนที่ยังดำเนินการ", "Open alerts"),
    "monitor_overdue_help": (
        "ยังไม่ได้เยี่ยมบ้านหรือยังไม่ได้พิจารณาเมื่อพ้นกำหนด (นับเป็นวันทำการ ไม่นับวันหยุดราชการ)",
        "Not visited or not reviewed by the due date (counted in working days, public holidays "
        "skipped)",
    ),
    "monitor_tab_queue": ("รายการแจ้งเตือน", "Alert queue"),
    "monitor_tab_change": ("เปลี่ยนสถานะ", "Change a state"),
    "monitor_tab_areas": ("รายพื้นที่", "By area"),
    "monitor_tab_raise": ("สร้างการแจ้งเตือนจากรอบสำรวจ", "Raise a round's alerts"),
    "monitor_shown": (
        "แสดงรายการที่ {first:,}–{last:,} จาก {total:,} รายการ (เกินกำหนดขึ้นก่อน)",
        "Showing {first:,}–{last:,} of {total:,} (overdue first)",
    ),
    "monitor_page_no": ("หน้า", "Page"),
    "monitor_timeliness": ("กำหนดเวลา", "Timeliness"),
    "monitor_late": ("เกินกำหนด {n:,} วันทำการ", "{n:,} working days late"),
    "monitor_on_time": ("ตามกำหนด", "On time"),
    "monitor_no_due": ("พิจารณาแล้ว", "Reviewed"),
    "monitor_alert_line": (
        "**{alert_id}** · {category} · {channel} · สถานะ: {state} · แจ้งเตือนเมื่อ {opened}",
        "**{alert_id}** · {category} · {channel} · state: {state} · alerted on {opened}",
    ),
    "monitor_due_line": (
        "กำหนดเยี่ยมบ้าน {visit} · กำหนดพิจารณา {decision}",
        "Home visit due {visit} · decision due {decision}",
    ),
    "monitor_description": ("เรื่องที่แจ้ง", "What was reported"),
    "monitor_note": ("บันทึก", "Note"),
    "monitor_match_household": (
        "รหัสครัวเรือนที่พบจากการเยี่ยมบ้าน (ถ้ามี)",
        "Household ID found at the visit (if any)",
    ),
    "monitor_referral": ("เลขที่ส่งต่อความช่วยเหลือ (ถ้ามี)", "Referral ID (if any)"),
    "monitor_save": ("บันทึก", "Save"),
    "monitor_changed": ("{alert_id}: เปลี่ยนสถานะเป็น '{state}' แล้ว", "{alert_id} is now '{state}'"),
    "monitor_final": (
        "การแจ้งเตือนนี้ยุติความเสี่ยงแล้ว ประวัติยังเก็บไว้ทั้งหมด",
        "This alert's risk is cleared; its whole history is kept",
    ),
    "monitor_clear_help": (
        "ยุติความเสี่ยงได้เมื่อครัวเรือนพ้นเกณฑ์เฝ้าระวังครบ {rounds} รอบสำรวจติดกัน และไม่มีเหตุวิกฤตที่ยังไม่ยุติ",
        "The risk is cleared only when the household has been above the monitoring range for "
        "{rounds} survey rounds in a row and no shock is still open",
    ),
    "monitor_areas_caption": (
        "ครัวเรือนที่เฝ้าระวังในแต่ละพื้นที่ของ{area} (การแจ้งเตือนที่ยังดำเนินการ) ครัวเรือนหนึ่งนับครั้งเดียวในแต่ละกลุ่ม",
        "Monitored households in each area of {area} (open alerts); a household counts once "
        "per category",
    ),
    "monitor_alerts": ("การแจ้งเตือน", "Alerts"),
    "monitor_suppressed": ("ปกปิด (พื้นที่เล็ก)", "Hidden (small area)"),
    "monitor_raise_help": (
        "ตรวจครัวเรือนของรอบ {round} ในจังหวัดที่เลือกตามเกณฑ์เฝ้าระวัง แล้วสร้างการแจ้งเตือนให้"
        "ครัวเรือนที่ยังไม่มีการแจ้งเตือนกลุ่มเดียวกันที่ยังดำเนินการอยู่ ทำทีละจังหวัด",
        "Checks the households of round {round} in the chosen province against the monitoring "
        "thresholds and raises an alert for each one without an open alert of its category; "
        "one province at a time",
    ),
    "monitor_thresholds_line": (
        "เกณฑ์ของรอบ {round}: พ้นจนแต่ไม่มั่นคงเมื่อรายได้ต่ำกว่า {unstable:.2f} เท่าของเส้นความยากจน · "
        "กลุ่มเปราะบางเมื่อต่ำกว่า {marginal:.2f} เท่า · ยุติความเสี่ยงเมื่อพ้นเกณฑ์ {clear} รอบติดกัน",
        "Round {round}'s thresholds: exited but unstable below {unstable:.2f} × the income line · "
        "marginal below {marginal:.2f} × · risk cleared after {clear} rounds in a row above the "
        "range",
    ),
    "monitor_no_new": (
        "ไม่มีการแจ้งเตือนใหม่: ครัวเรือนในกลุ่มเฝ้าระวังทุกครัวเรือนมีการแจ้งเตือนอยู่แล้ว",
        "No new alerts: every household in a category has an alert already",
    ),
    "monitor_states": ("สถานะ", "States"),
    "monitor_when": ("เมื่อ", "When"),
    "monitor_by": ("ผู้บันทึก", "Recorded by"),
    "monitor_from": ("จากสถานะ", "From"),
    "monitor_to": ("เป็นสถานะ", "To"),
    # --- the exit-verification page ---------------------------------------------------------
    "exit_intro": (
        "ก่อนประกาศว่าพื้นที่พ้นความยากจน สุ่มตรวจครัวเรือนที่พ้นจนและครัวเรือนที่ไม่เคยถูกระบุว่ายากจน "
        "แล้ววัดอัตราการพ้นจนที่ผิดพลาด อัตราคนจนตกหล่น และอัตราความพึงพอใจ พร้อมช่วงความเชื่อมั่น",
        "Before an area is declared out of poverty, check a random sample of the households "
        "that exited and of those never found poor, and measure the wrong-exit, missed-poor and "
        "satisfaction rates with their confidence intervals",
    ),
    "exit_tab_results": ("ผลการตรวจ", "Results"),
    "exit_tab_draw": ("สุ่มตัวอย่าง", "Draw a sample"),
    "exit_tab_record": ("บันทึกผลการตรวจ", "Record checks"),
    "exit_sample": ("ตัวอย่าง", "Sample"),
    "exit_no_samples": ("ยังไม่มีการสุ่มตัวอย่างในพื้นที่นี้", "No sample drawn in this area yet"),
    "exit_rate": ("อัตรา", "Rate"),
    "exit_value": ("ค่าที่วัดได้", "Rate found"),
    "exit_events": ("จำนวนที่พบ", "Found"),
    "exit_area_verdict": ("ผลรวมของตัวอย่าง: {verdict}", "The sample's verdict: {verdict}"),
    "exit_method_line": (
        "ช่วงความเชื่อมั่น {confidence:.0%} แบบ{method}",
        "{confidence:.0%} intervals, {method}",
    ),
    "exit_method.exact": ("แม่นตรง", "exact (Clopper–Pearson)"),
    "exit_method.wilson": ("วิลสัน", "Wilson score"),
    "exit_need_area": (
        "เลือกจังหวัด อำเภอ หรือตำบลในแถบด้านข้างก่อนสุ่มตัวอย่าง",
        "Choose a province, district or subdistrict in the sidebar before drawing a sample",
    ),
    "exit_draw_help": (
        "สุ่มครัวเรือนที่พ้นความยากจนตั้งแต่รอบก่อนหน้า และครัวเรือนที่ไม่เคยถูกระบุว่ายากจน ของ{area} "
        "รอบ {round} แบบแบ่งชั้นภูมิ เลขตั้งต้นการสุ่มถูกบันทึกไว้ สุ่มซ้ำด้วยเลขเดิมได้ตัวอย่างเดิม",
        "Draws households of {area} that exited since the previous round and households never "
        "found poor, round {round}, stratified; the seed is stored, and the same seed draws the "
        "same sample again",
    ),
    "exit_size_line": (
        "ค่าคลาดเคลื่อน ±{margin:.0%} ที่ความเชื่อมั่น {confidence:.0%}: ไม่เกิน {n:,} ครัวเรือนต่อกลุ่ม "
        "(น้อยกว่านี้เมื่อกลุ่มเล็ก)",
        "±{margin:.0%} at {confidence:.0%} confidence: at most {n:,} households per group "
        "(fewer in a small group)",
    ),
    "exit_drawn_done": (
        "สุ่มตัวอย่าง {sample_id} แล้ว: ครัวเรือนพ้นจน {exited:,} ครัวเรือน · "
        "ครัวเรือนที่ไม่เคยถูกระบุว่ายากจน {unregistered:,} ครัวเรือน",
        "Sample {sample_id} drawn: {exited:,} exited households · {unregistered:,} "
        "never-registered households",
    ),
    "exit_household": ("ครัวเรือนในตัวอย่าง", "Household in the sample"),
    "exit_group": ("กลุ่ม", "Group"),
    "exit_draw_no": ("ลำดับที่สุ่มได้", "Draw"),
    "exit_yes": ("ใช่", "Yes"),
    "exit_no": ("ไม่ใช่", "No"),
    "exit_not_asked": ("ไม่ได้ถามหรือไม่ตอบ", "Not asked or no answer"),
    "exit_save": ("บันทึกผลการตรวจ", "Save the check"),
    "exit_saved": ("บันทึกผลการตรวจครัวเรือน {hh_id} แล้ว", "Check of {hh_id} saved"),
    "exit_not_checked": ("ยังไม่ได้ตรวจ", "Not checked yet"),
    # --- the grievance page -----------------------------------------------------------------
    "grievance_intro": (
        "เรื่องร้องเรียนเกี่ยวกับรายชื่อครัวเรือนยากจน พิจารณาตามลำดับ หมู่บ้าน อำเภอ และจังหวัด "
        "ภายในกำหนดวันทำการ ผลที่รับฟังปรับข้อมูลครัวเรือนผ่านการนำเข้าข้อมูลตามปกติ",
        "Grievances about the list of poor households, reviewed by the village, the district and "
        "the province within a due time in working days; an upheld outcome changes the "
        "household's record through the normal import",
    ),
    "grievance_open": ("เรื่องที่ยังไม่วินิจฉัย", "Open grievances"),
    "grievance_tab_queue": ("รายการเรื่องร้องเรียน", "Grievance queue"),
    "grievance_tab_file": ("รับเรื่องร้องเรียน", "File a grievance"),
    "grievance_tab_review": ("พิจารณาเรื่อง", "Review a grievance"),
    "grievance_tab_notice": ("ประกาศรายชื่อหมู่บ้าน", "Village notice"),
    "grievance_household": ("รหัสครัวเรือน (ถ้าทราบ)", "Household ID (if known)"),
    "grievance_village": (
        "หมู่บ้าน (เมื่อไม่ทราบรหัสครัวเรือน)",
        "Village (when the household is not known)",
    ),
    "grievance_description": ("รายละเอียด", "Details"),
    "grievance_contact": (
        "ช่องทางติดต่อกลับของผู้ร้อง (ถ้ามี)",
        "The complainant's phone or e-mail (if any)",
    ),
    "grievance_filed_done": (
        "รับเรื่อง {grievance_id} แล้ว กำหนดวินิจฉัย {due}",
        "Grievance {grievance_id} received; decision due {due}",
    ),
    "grievance_line": (
        "**{grievance_id}** · {type} · สถานะ: {state} · กำหนดวินิจฉัย {due}",
        "**{grievance_id}** · {type} · state: {state} · decision due {due}",
    ),
    "grievance_next": ("ขั้นตอนถัดไป", "Next step"),
    "grievance_import_id": ("เลขที่การนำเข้าข้อมูลที่ปรับแล้ว", "ID of the import that applied it"),
    "grievance_advanced": (
        "{grievance_id}: บันทึกขั้นตอน '{state}' แล้ว",
        "{grievance_id}: '{state}' recorded",
    ),
    "grievance_closed": (
        "เรื่องนี้สิ้นสุดแล้ว ลำดับการพิจารณายังเก็บไว้ทั้งหมด",
        "This grievance is closed; its whole history is kept",
    ),
    "grievance_none": ("ไม่มีเรื่องร้องเรียนในพื้นที่นี้", "No grievances in this area"),
    "grievance_state_filter": ("รวมเรื่องที่สิ้นสุดแล้ว", "Include closed grievances"),
    # --- the village notice -----------------------------------------------------------------
    "notice_title": (
        "ประกาศรายชื่อครัวเรือนที่เสนอเป็นครัวเรือนยากจนและครัวเรือนที่พ้นความยากจน",
        "Notice of the households proposed as poor and as out of poverty",
    ),
    "notice_village_line": ("{village} · รอบสำรวจ {round}", "{village} · survey round {round}"),
    "notice_window": (
        "ยื่นคัดค้านหรือแจ้งข้อมูลเพิ่มเติมได้ตั้งแต่ {start} ถึง {end}",
        "Objections and corrections are received from {start} to {end}",
    ),
    "notice_masked": (
        "ประกาศนี้ไม่แสดงเลขประจำตัวประชาชน หมายเลขโทรศัพท์ ข้อมูลสุขภาพ ความพิการ และรายได้",
        "This notice shows no national ID, phone number, health, disability or income",
    ),
    "notice_proposed": ("ข้อเสนอ", "Proposed as"),
    "notice.poor": ("ครัวเรือนยากจน", "Poor household"),
    "notice.exited": ("พ้นความยากจน", "Out of poverty"),
    "notice_qr": (
        "สแกนเพื่อแจ้งความเดือดร้อนหรือข้อมูลที่ไม่ถูกต้อง",
        "Scan to report a hardship or a mistake",
    ),
    "notice_pdf": ("ดาวน์โหลดประกาศสำหรับพิมพ์", "Download the notice (PDF)"),
    "notice_empty": (
        "ไม่มีครัวเรือนที่เสนอในหมู่บ้านนี้ในรอบนี้",
        "No household is proposed in this village in this round",
    ),
    "notice_print_hint": (
        "พิมพ์หน้านี้จากเบราว์เซอร์ได้โดยตรง (ขนาดกระดาษ เอ 4)",
        "Print this page from the browser (A4)",
    ),
    "notice_source": (
        "ข้อมูลความจำเป็นพื้นฐาน รอบ {round}",
        "Basic minimum needs survey, round {round}",
    ),
    "notice_pick_village": ("เลือกหมู่บ้าน", "Choose a village"),
    # --- the public self-report page ----------------------------------------------------------
    "self_intro": (
        "หากครัวเรือนของท่านหรือเพื่อนบ้านประสบความเดือดร้อน เช่น เจ็บป่วยหนัก ภัยพิบัติ "
        "หรือรายได้ลดลงมาก แจ้งได้ที่นี่ เจ้าหน้าที่จะลงเยี่ยมบ้าน",
        "If your household or a neighbour's is in hardship, such as a serious illness, a "
        "disaster or a large fall of income, report it here: an officer will visit",
    ),
    "self_pick_area": (
        "เลือกจังหวัด อำเภอ หรือตำบลในแถบด้านข้าง แล้วเลือกหมู่บ้าน",
        "Choose a province, district or subdistrict in the sidebar, then the village",
    ),
    "self_kind": ("ลักษณะความเดือดร้อน", "Kind of hardship"),
    "self_text": ("เล่าความเดือดร้อนสั้น ๆ", "Describe the hardship in a few words"),
    "self_text_help": (
        "ไม่ต้องใส่เลขประจำตัวประชาชน",
        "Please do not write a national ID number",
    ),
    "self_contact": (
        "เบอร์โทรศัพท์หรืออีเมลสำหรับติดต่อกลับ (ไม่บังคับ)",
        "Phone or e-mail to reach you (optional)",
    ),
    "self_submit": ("ส่งเรื่อง", "Send"),
    "self_done": (
        "ได้รับเรื่องแล้ว เลขที่ {alert_id} เจ้าหน้าที่จะลงเยี่ยมบ้านภายใน {days} วันทำการ",
        "Received, number {alert_id}: an officer will visit within {days} working days",
    ),
    "self_privacy": (
        "เรื่องที่ส่งจะเห็นเฉพาะเจ้าหน้าที่ผู้รับผิดชอบ และจะไม่แสดงกลับบนหน้านี้",
        "Only the officers in charge see what you send; it is not shown back on this page",
    ),
    "self_refused": ("ยังส่งเรื่องไม่ได้: {reason}", "Not sent: {reason}"),
    "self_qr_title": (
        "คิวอาร์โค้ดของหมู่บ้าน (พิมพ์ติดประกาศ)",
        "The village's QR code (print and post it)",
    ),
    "self_qr_png": ("ดาวน์โหลดคิวอาร์โค้ด (ภาพ)", "Download the QR code (PNG)"),
    "self_qr_svg": (
        "ดาวน์โหลดคิวอาร์โค้ดสำหรับพิมพ์ขนาดใหญ่",
        "Download the QR code for large prints (SVG)",
    ),
    "self_link": ("ที่อยู่ของหน้านี้สำหรับหมู่บ้าน", "This page's address for the village"),
}
