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
}
