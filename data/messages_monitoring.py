"""The texts of monitoring alerts, exit verification samples and grievances (data.monitoring,
data.exit_samples, data.grievances): refusals and the names of their categories, channels,
states and types, code -> (Thai, English), registered into :data:`data.messages.CATALOGUE`.
"""

from __future__ import annotations

_WHO_TH, _WHO_EN = "ต้องระบุชื่อผู้บันทึก", "say who is making the change"
_CONFLICT_TH = "มีผู้อื่นแก้ไขรายการนี้พร้อมกัน โปรดโหลดใหม่แล้วลองอีกครั้ง"
_CONFLICT_EN = "someone else changed this record at the same time: reload and try again"
_LAST_TH, _LAST_EN = (
    "ก่อนการเปลี่ยนแปลงครั้งล่าสุดของรายการนี้ ({last})",
    "earlier than its last change ({last})",
)
_FINAL_TH = "'{from_label}' เป็นสถานะสุดท้าย เปลี่ยนสถานะต่อไม่ได้"
_FINAL_EN = "'{from_label}' is final: its state cannot change"
_MOVE_TH = "เปลี่ยนสถานะจาก '{from_label}' เป็น '{to_label}' ไม่ได้: สถานะถัดไปที่ทำได้คือ {allowed}"
_MOVE_EN = "cannot go from '{from_label}' to '{to_label}': the next state can be {allowed}"

MONITORING: dict[str, tuple[str, str]] = {
    # --- data.monitoring: alerts ------------------------------------------------------------------
    "monitoring.unknown_alert": ("ไม่พบเลขที่การแจ้งเตือน {alert_id}", "no alert {alert_id}"),
    "monitoring.unknown_category": (
        "ไม่รู้จักกลุ่มเฝ้าระวัง '{value}' (ใช้ได้: {allowed})",
        "unknown monitoring category '{value}' (use one of: {allowed})",
    ),
    "monitoring.unknown_channel": (
        "ไม่รู้จักช่องทาง '{value}' (ใช้ได้: {allowed})",
        "unknown channel '{value}' (use one of: {allowed})",
    ),
    "monitoring.unknown_shock": (
        "ไม่รู้จักเหตุวิกฤต '{value}' (ใช้ได้: {allowed})",
        "unknown shock '{value}' (use one of: {allowed})",
    ),
    "monitoring.unknown_state": (
        "ไม่รู้จักสถานะ '{value}' (ใช้ได้: {allowed})",
        "unknown state '{value}' (use one of: {allowed})",
    ),
    "monitoring.invalid_transition": (_MOVE_TH, _MOVE_EN),
    "monitoring.final_state": (_FINAL_TH, _FINAL_EN),
    "monitoring.missing_by": (_WHO_TH, _WHO_EN),
    "monitoring.time_before_last": (_LAST_TH, _LAST_EN),
    "monitoring.conflict": (_CONFLICT_TH, _CONFLICT_EN),
    "monitoring.unknown_household": ("ไม่พบครัวเรือน {hh_id}", "no household {hh_id}"),
    "monitoring.unknown_household_round": (
        "ไม่พบครัวเรือน {hh_id} ในรอบ {round_be}",
        "no household {hh_id} in round {round_be}",
    ),
    "monitoring.need_area": (
        "ให้ระบุครัวเรือนหรือหมู่บ้าน",
        "give a household or a village",
    ),
    "monitoring.bad_village": (
        "'{value}' ไม่ใช่รหัสหมู่บ้าน 8 หลักของกรมการปกครอง",
        "'{value}' is not an 8-digit DOPA village code",
    ),
    "monitoring.unknown_village": (
        "ไม่พบหมู่บ้านรหัส {value} ในระบบ",
        "no village {value} is known",
    ),
    "monitoring.bad_contact": (
        "ช่องทางติดต่อต้องเป็นหมายเลขโทรศัพท์ (9-10 หลัก) หรืออีเมล",
        "a contact is a phone number (9-10 digits) or an e-mail address",
    ),
    "monitoring.missing_description": (
        "ต้องเล่าความเดือดร้อนสั้น ๆ",
        "describe the hardship in a few words",
    ),
    "monitoring.household_differs": (
        "การแจ้งเตือนนี้เป็นของครัวเรือน {hh_id} อยู่แล้ว",
        "this alert is already about household {hh_id}",
    ),
    "monitoring.unknown_referral": ("ไม่พบเลขที่ส่งต่อ {referral_id}", "no referral {referral_id}"),
    "monitoring.referral_other_household": (
        "การส่งต่อ {referral_id} เป็นของครัวเรือนอื่น",
        "referral {referral_id} is about another household",
    ),
    "monitoring.no_household": (
        "ยังไม่ได้ระบุครัวเรือนของการแจ้งเตือนนี้ จึงยังยุติความเสี่ยงไม่ได้",
        "this alert is not matched to a household yet, so its risk cannot be cleared",
    ),
    "monitoring.not_cleared": (
        "ยังยุติความเสี่ยงไม่ได้: ครัวเรือนพ้นเกณฑ์เฝ้าระวังติดต่อกัน {rounds} รอบ ต้องการ {needed} รอบ",
        "the risk cannot be cleared yet: the household has been above the monitoring range for "
        "{rounds} round(s) in a row, {needed} are needed",
    ),
    "monitoring.shock_open": (
        "ยังยุติความเสี่ยงไม่ได้: ยังมีเหตุวิกฤตที่ยังไม่ยุติ ({alerts})",
        "the risk cannot be cleared yet: a shock is still open ({alerts})",
    ),
    "monitoring.rate_limited": (
        "ส่งได้ไม่เกิน {n} ครั้งใน {minutes} นาที โปรดลองใหม่ภายหลัง "
        "หรือติดต่อที่ทำการผู้ใหญ่บ้านหรือองค์กรปกครองส่วนท้องถิ่น",
        "no more than {n} reports in {minutes} minutes: please try again later, or contact the "
        "village head or the local administration",
    ),
    # --- data.exit_samples: exit verification -------------------------------------------------------
    "exit_sample.unknown_sample": ("ไม่พบตัวอย่างเลขที่ {sample_id}", "no sample {sample_id}"),
    "exit_sample.bad_area": (
        "'{value}' ไม่ใช่รหัสพื้นที่ของกรมการปกครอง (2, 4, 6 หรือ 8 หลัก)",
        "'{value}' is not a DOPA area code (2, 4, 6 or 8 digits)",
    ),
    "exit_sample.bad_stratum_level": (
        "ชั้นภูมิต้องเป็นระดับที่เล็กกว่าพื้นที่: {allowed}",
        "strata must be a level below the area: {allowed}",
    ),
    "exit_sample.no_previous_round": (
        "ไม่มีรอบสำรวจก่อนรอบ {round_be} จึงไม่มีครัวเรือนที่พ้นความยากจน",
        "no survey round before {round_be}, so no household has exited",
    ),
    "exit_sample.unknown_round": ("ไม่มีข้อมูลรอบ {round_be}", "no data for round {round_be}"),
    "exit_sample.nothing_to_sample": (
        "พื้นที่นี้ไม่มีครัวเรือนที่พ้นความยากจนหรือครัวเรือนที่ไม่เคยถูกระบุว่ายากจนในรอบนี้",
        "the area has no household that exited and none never found poor in this round",
    ),
    "exit_sample.bad_margin": (
        "ค่าคลาดเคลื่อนต้องมากกว่า 0 และน้อยกว่า 1 (เช่น 0.05)",
        "the margin of error must be above 0 and below 1 (e.g. 0.05)",
    ),
    "exit_sample.bad_confidence": (
        "ระดับความเชื่อมั่นต้องมากกว่า 0 และน้อยกว่า 1 (เช่น 0.95)",
        "the confidence must be above 0 and below 1 (e.g. 0.95)",
    ),
    "exit_sample.bad_expected": (
        "สัดส่วนที่คาดไว้ต้องมากกว่า 0 และน้อยกว่า 1",
        "the expected rate must be above 0 and below 1",
    ),
    "exit_sample.bad_minimum": (
        "จำนวนขั้นต่ำต่อชั้นภูมิต้องเป็น 0 ขึ้นไป",
        "the minimum per stratum must be 0 or more",
    ),
    "exit_sample.not_in_sample": (
        "ครัวเรือน {hh_id} ไม่อยู่ในตัวอย่างนี้",
        "household {hh_id} is not in this sample",
    ),
    "exit_sample.findings_without_visit": (
        "ครัวเรือนที่ไม่พบตัวจะบันทึกผลการตรวจไม่ได้",
        "a household that was not reached has no findings",
    ),
    "exit_sample.missing_finding": (
        "ให้บันทึกว่าพบว่ายากจนหรือไม่",
        "record whether the household was found poor",
    ),
    "exit_sample.missing_by": (_WHO_TH, _WHO_EN),
    "exit_sample.time_before_last": (_LAST_TH, _LAST_EN),
    "exit_sample.conflict": (_CONFLICT_TH, _CONFLICT_EN),
    # --- data.grievances ---------------------------------------------------------------------------
    "grievance.unknown_grievance": (
        "ไม่พบเรื่องร้องเรียนเลขที่ {grievance_id}",
        "no grievance {grievance_id}",
    ),
    "grievance.unknown_type": (
        "ไม่รู้จักประเภทเรื่องร้องเรียน '{value}' (ใช้ได้: {allowed})",
        "unknown grievance type '{value}' (use one of: {allowed})",
    ),
    "grievance.unknown_state": (
        "ไม่รู้จักสถานะ '{value}' (ใช้ได้: {allowed})",
        "unknown state '{value}' (use one of: {allowed})",
    ),
    "grievance.invalid_transition": (_MOVE_TH, _MOVE_EN),
    "grievance.final_state": (_FINAL_TH, _FINAL_EN),
    "grievance.missing_by": (_WHO_TH, _WHO_EN),
    "grievance.time_before_last": (_LAST_TH, _LAST_EN),
    "grievance.conflict": (_CONFLICT_TH, _CONFLICT_EN),
    "grievance.unknown_household": ("ไม่พบครัวเรือน {hh_id}", "no household {hh_id}"),
    "grievance.unknown_household_round": (
        "ไม่พบครัวเรือน {hh_id} ในรอบ {round_be}",
        "no household {hh_id} in round {round_be}",
    ),
    "grievance.need_area": ("ให้ระบุครัวเรือนหรือหมู่บ้าน", "give a household or a village"),
    "grievance.bad_village": (
        "'{value}' ไม่ใช่รหัสหมู่บ้าน 8 หลักของกรมการปกครอง",
        "'{value}' is not an 8-digit DOPA village code",
    ),
    "grievance.unknown_village": ("ไม่พบหมู่บ้านรหัส {value} ในระบบ", "no village {value} is known"),
    "grievance.bad_contact": (
        "ช่องทางติดต่อต้องเป็นหมายเลขโทรศัพท์ (9-10 หลัก) หรืออีเมล",
        "a contact is a phone number (9-10 digits) or an e-mail address",
    ),
    "grievance.missing_description": (
        "ต้องเล่าเรื่องที่ร้องเรียนสั้น ๆ",
        "describe the grievance in a few words",
    ),
    "grievance.missing_outcome": (
        "การพิจารณาต้องระบุผลว่ารับฟังหรือไม่รับฟัง",
        "a review finds the grievance upheld or rejected",
    ),
    "grievance.unknown_outcome": (
        "ไม่รู้จักผลการพิจารณา '{value}' (ใช้ได้: {allowed})",
        "unknown outcome '{value}' (use one of: {allowed})",
    ),
    "grievance.unknown_action": (
        "ไม่รู้จักการดำเนินการ '{value}' (ใช้ได้: {allowed})",
        "unknown action '{value}' (use one of: {allowed})",
    ),
    "grievance.action_needed": (
        "คำวินิจฉัยที่รับฟังต้องระบุการดำเนินการกับรายชื่อ",
        "an upheld decision names what is done to the list",
    ),
    "grievance.nothing_to_apply": (
        "มีเพียงคำวินิจฉัยที่รับฟังและมีการดำเนินการเท่านั้นที่นำไปปรับข้อมูลได้",
        "only an upheld decision with an action is applied to the record",
    ),
    "grievance.need_import": (
        "ให้ระบุเลขที่การนำเข้าข้อมูลที่ปรับข้อมูลครัวเรือนแล้ว",
        "give the import that changed the household's record",
    ),
    "grievance.unknown_import": ("ไม่พบการนำเข้าข้อมูลเลขที่ {import_id}", "no import {import_id}"),
    # --- names (state, category, channel, shock, type, ...) -----------------------------------
    "monitoring.category.sudden_hardship": ("ประสบความเดือดร้อนฉับพลัน", "Sudden hardship"),
    "monitoring.category.exited_unstable": ("พ้นจนแต่ยังไม่มั่นคง", "Exited but unstable"),
    "monitoring.category.marginal": ("กลุ่มเปราะบางใกล้เส้นความยากจน", "Marginal"),
    "monitoring.channel.survey_round": ("การสำรวจรอบใหม่", "New survey round"),
    "monitoring.channel.field_visit": ("การลงพื้นที่", "Field visit"),
    "monitoring.channel.agency_file": ("ข้อมูลจากหน่วยงาน", "Agency data"),
    "monitoring.channel.self_report": ("แจ้งด้วยตนเอง", "Self-report"),
    "monitoring.shock.illness": ("เจ็บป่วยรุนแรงหรือเรื้อรัง", "Serious illness"),
    "monitoring.shock.disability": ("พิการ", "Disability"),
    "monitoring.shock.disaster": ("ภัยพิบัติ", "Disaster"),
    "monitoring.shock.large_expense": ("ค่าใช้จ่ายจำเป็นก้อนใหญ่", "Large essential expenses"),
    "monitoring.shock.income_drop": ("รายได้ลดลงมาก", "Income drop"),
    "monitoring.state.alerted": ("แจ้งเตือน", "Alerted"),
    "monitoring.state.visited": ("เยี่ยมบ้านแล้ว", "Visited"),
    "monitoring.state.cross_checked": ("ตรวจสอบข้อมูลข้ามหน่วยงานแล้ว", "Cross-checked"),
    "monitoring.state.reviewed": ("พิจารณาแล้ว", "Reviewed"),
    "monitoring.state.monitored": ("เฝ้าระวังต่อเนื่อง", "Monitored"),
    "monitoring.state.help_referred": ("ส่งต่อความช่วยเหลือแล้ว", "Help referred"),
    "monitoring.state.risk_cleared": ("ยุติความเสี่ยง", "Risk cleared"),
    "exit_sample.group.exited": ("ครัวเรือนที่พ้นความยากจน", "Exited households"),
    "exit_sample.group.unregistered": ("ครัวเรือนที่ไม่เคยถูกระบุว่ายากจน", "Never-registered households"),
    "exit_sample.rate.wrong_exit": ("อัตราการพ้นจนที่ผิดพลาด", "Wrong-exit rate"),
    "exit_sample.rate.missed_poor": ("อัตราคนจนตกหล่น", "Missed-poor rate"),
    "exit_sample.rate.satisfaction": ("อัตราความพึงพอใจ", "Satisfaction rate"),
    "exit_sample.verdict.pass": ("ผ่าน", "Pass"),
    "exit_sample.verdict.inconclusive": ("ยังสรุปไม่ได้ (ต้องตรวจเพิ่ม)", "Inconclusive (check more)"),
    "exit_sample.verdict.fail": ("ไม่ผ่าน", "Fail"),
    "exit_sample.verdict.no_data": ("ยังไม่มีผลการตรวจ", "No checks yet"),
    "grievance.type.excluded_interviewed": (
        "ได้รับการสัมภาษณ์แต่ไม่อยู่ในรายชื่อ",
        "Interviewed but not listed",
    ),
    "grievance.type.never_interviewed": ("ไม่เคยได้รับการสัมภาษณ์", "Never interviewed"),
    "grievance.type.wrongly_included": ("อยู่ในรายชื่อโดยไม่ควรอยู่", "Wrongly included"),
    "grievance.type.wants_removal": ("ขอถอนชื่อออกจากรายชื่อ", "Asks to be removed"),
    "grievance.type.data_error": ("ข้อมูลผิดพลาด", "Data error"),
    "grievance.state.received": ("รับเรื่องแล้ว", "Received"),
    "grievance.state.village_reviewed": ("หมู่บ้านพิจารณาแล้ว", "Reviewed by the village"),
    "grievance.state.district_reviewed": ("อำเภอพิจารณาแล้ว", "Reviewed by the district"),
    "grievance.state.returned": ("ส่งกลับให้พิจารณาใหม่", "Returned for review"),
    "grievance.state.decided": ("จังหวัดวินิจฉัยแล้ว", "Decided by the province"),
    "grievance.state.applied": ("ปรับข้อมูลแล้ว", "Applied to the record"),
    "grievance.state.withdrawn": ("ถอนเรื่อง", "Withdrawn"),
    "grievance.outcome.upheld": ("รับฟัง", "Upheld"),
    "grievance.outcome.rejected": ("ไม่รับฟัง", "Rejected"),
    "grievance.action.add_to_list": ("เพิ่มเข้าในรายชื่อ", "Add to the list"),
    "grievance.action.survey_household": ("สำรวจครัวเรือน", "Survey the household"),
    "grievance.action.remove_from_list": ("ถอนออกจากรายชื่อ", "Remove from the list"),
    "grievance.action.correct_record": ("แก้ไขข้อมูล", "Correct the record"),
    "grievance.action.none": ("ไม่ต้องดำเนินการ", "Nothing to change"),
}
