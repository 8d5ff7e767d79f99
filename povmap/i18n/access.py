"""Labels of Sign-in, accounts, roles and the audit trail (Thai, English).

What people are told when a sign-in is refused or a session ends is a data-layer message
(``access.*`` in ``data/messages_access.py``, with the names of roles, capabilities and audited
actions); these are the labels of the forms and tables around them.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # --- sign-in ------------------------------------------------------------------------------
    "access_sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "access_sign_out": ("ออกจากระบบ", "Sign out"),
    "access_user_name": ("ชื่อผู้ใช้", "User name"),
    "access_password": ("รหัสผ่าน", "Password"),
    "access_signed_in_as": ("เข้าสู่ระบบในชื่อ {name}", "Signed in as {name}"),
    "access_not_signed_in": (
        "ยังไม่ได้เข้าสู่ระบบ: แสดงเฉพาะตัวเลขระดับพื้นที่",
        "Not signed in: area numbers only",
    ),
    "access_roles": ("บทบาท", "Roles"),
    "access_areas": ("พื้นที่ที่รับผิดชอบ", "Assigned areas"),
    "access_agencies": ("หน่วยงาน", "Agencies"),
    "access_all_areas": ("ทุกพื้นที่", "All areas"),
    "access_signed_in_roles": ("{name} · {roles}", "{name} · {roles}"),
    "access_sign_in_sso": ("เข้าสู่ระบบด้วยบัญชีของหน่วยงาน", "Sign in with your organisation"),
    "page_signin": ("เข้าสู่ระบบ", "Sign in"),
    "page_admin": ("ผู้ใช้และบันทึกการใช้งาน", "Users and audit"),
    "section_admin": ("ผู้ดูแลระบบ", "Administration"),
    "access_admin_only": (
        "หน้านี้สำหรับผู้ดูแลระบบเท่านั้น โปรดเข้าสู่ระบบด้วยบัญชีผู้ดูแลระบบ",
        "This page is for administrators: sign in with an administrator's account",
    ),
    "access_signin_title": ("เข้าสู่ระบบ", "Sign in"),
    "access_signin_caption": (
        "เจ้าหน้าที่ที่ทำงานกับข้อมูลครัวเรือนต้องเข้าสู่ระบบ ผู้ใช้ทั่วไปดูตัวเลขระดับพื้นที่ได้โดยไม่ต้องเข้าสู่ระบบ",
        "Staff who work with household records sign in; anyone may see area numbers without signing in",
    ),
    # --- accounts (changed with `povmap users`) -------------------------------------------------
    "access_accounts": ("บัญชีผู้ใช้", "Accounts"),
    "access_no_accounts": ("ยังไม่มีบัญชีผู้ใช้", "No accounts yet"),
    "access_accounts_help": (
        "เพิ่ม ปิดใช้ ตั้งรหัสผ่านใหม่ หรือเปลี่ยนบทบาทของบัญชีด้วยคำสั่ง povmap users บนเครื่องแม่ข่าย",
        "Add, disable, reset or change the roles of an account with `povmap users` on the server",
    ),
    # --- the audit trail ------------------------------------------------------------------------
    "access_audit_title": ("บันทึกการใช้งาน", "Audit trail"),
    "access_audit_when": ("เวลา", "When"),
    "access_audit_who": ("ผู้ใช้", "Who"),
    "access_audit_from": ("จากเครื่อง", "From"),
    "access_audit_action": ("การกระทำ", "Action"),
    "access_audit_object": ("รายการ", "Object"),
    "access_audit_details": ("รายละเอียด", "Details"),
    "access_audit_rows": ("จำนวนแถว", "Rows"),
    "access_audit_scope": ("ขอบเขต", "Scope"),
    "access_audit_since": ("ตั้งแต่วันที่", "From date"),
    "access_audit_until": ("ถึงวันที่", "To date"),
    "access_audit_download": ("ดาวน์โหลดบันทึก (CSV)", "Download the trail (CSV)"),
    "access_audit_count": ("{n:,} รายการ", "{n:,} entries"),
    "access_audit_actions": ("การกระทำ", "Actions"),
    "access_audit_none": ("ไม่มีรายการตามเงื่อนไขนี้", "No entries match"),
    "access_audit_page": ("หน้า (จาก {pages})", "Page (of {pages})"),
    # --- what a role sees on the pages ----------------------------------------------------------
    "access_deidentified": (
        "บทบาทของคุณเห็นข้อมูลครัวเรือนแบบไม่ระบุตัวตน: ไม่มีรหัสครัวเรือน ไม่เปิดข้อมูลรายครัวเรือน"
        " และไม่มีสาเหตุ ข้อมูลสุขภาพหรือความพิการ",
        "Your role sees households de-identified: no household IDs, no single household's"
        " record, no causes, health or disability answers",
    ),
    "access_recorded_as": (
        "การเปลี่ยนแปลงจะบันทึกในชื่อ {name}",
        "Changes are recorded as {name}",
    ),
    "access_sign_in_to_record": (
        "เข้าสู่ระบบก่อนบันทึกการเปลี่ยนแปลง ประวัติจะบันทึกชื่อบัญชีของผู้เปลี่ยน",
        "Sign in before making changes: the history names the account that made them",
    ),
}
