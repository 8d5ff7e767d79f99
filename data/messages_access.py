"""Texts of built-in accounts, sessions, roles and the audit trail: code -> (Thai, English)
``str.format`` templates, registered into :data:`data.messages.CATALOGUE`.

``access.*`` are what people are told (a refused sign-in, an ended session, a refused account
change); ``access.role.*`` and ``access.capability.*`` name the roles and capabilities of
``data/roles.py``; ``audit.action.*`` are the actions of ``data/audit.py`` (listed there).
"""

from __future__ import annotations

from data.audit import ACTIONS
from data.roles import CAPABILITIES, ROLES

_ROLES: dict[str, tuple[str, str]] = {
    "public": ("ประชาชนทั่วไป (ไม่ได้เข้าสู่ระบบ)", "Public (not signed in)"),
    "executive": ("ผู้บริหาร", "Executive"),
    "researcher": ("นักวิจัย", "Researcher"),
    "provincial": ("เจ้าหน้าที่ระดับจังหวัด", "Provincial officer"),
    "agency": ("เจ้าหน้าที่หน่วยงาน", "Agency officer"),
    "admin": ("ผู้ดูแลระบบ", "Administrator"),
}

_CAPABILITIES_TH: dict[str, str] = {
    "aggregates": "ตัวเลขระดับพื้นที่: แผนที่ ตาราง และแผนภูมิของจำนวน สัดส่วน และดัชนี",
    "suppressed": "ตัวเลขระดับพื้นที่ที่มีครัวเรือนน้อยถูกปกปิด (POVMAP_MIN_CELL)",
    "programme": "หน้าของแผนงาน (เป้าหมาย ผลลัพธ์ มาตรการ)",
    "deidentified_records": "ข้อมูลรายครัวเรือนที่ไม่มีรหัส ชื่อ ข้อความอิสระ หรือพิกัด GPS",
    "household_ids": "รหัสครัวเรือน ข้อมูลระบุตัว และโปรไฟล์ครัวเรือน (ในพื้นที่ของผู้ใช้)",
    "sensitive": "ข้อมูลสุขภาพ ความพิการ และบันทึกข้อความของครัวเรือน (ในพื้นที่ของผู้ใช้)",
    "verify": "ค้นหาและสอบทาน และคิวตรวจสอบ (ในพื้นที่ของผู้ใช้)",
    "refer": "สร้างและติดตามการส่งต่อ (ในพื้นที่ของผู้ใช้)",
    "agency_referrals": "คิวการส่งต่อของหน่วยงานของผู้ใช้: รับเรื่อง ปรับสถานะ ปิดเรื่อง",
    "import": "นำเข้าไฟล์ข้อมูล",
    "admin": "ผู้ใช้ บทบาท การตั้งค่า และบันทึกการใช้งาน",
}

ACCESS: dict[str, tuple[str, str]] = {
    # --- what a person signing in is told -------------------------------------------------------
    "access.wrong_password": (
        "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "Wrong user name or password",
    ),
    "access.locked": (
        "บัญชีนี้ถูกล็อกชั่วคราวเพราะใส่รหัสผ่านผิดหลายครั้ง ลองใหม่ได้เมื่อเวลา {until} น. (อีกประมาณ {minutes} นาที)",
        "This account is locked for a while after too many wrong passwords: try again at "
        "{until} (in about {minutes} minutes)",
    ),
    "access.disabled": (
        "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ",
        "This account is disabled: please ask an administrator",
    ),
    "access.session_idle": (
        "ออกจากระบบอัตโนมัติแล้วเพราะไม่ได้ใช้งานเกิน {minutes} นาที กรุณาเข้าสู่ระบบอีกครั้ง",
        "You were signed out after {minutes} minutes without activity: please sign in again",
    ),
    "access.session_expired": (
        "การเข้าสู่ระบบครั้งนี้ครบ {hours} ชั่วโมงแล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
        "This sign-in has reached its {hours} hours: please sign in again",
    ),
    "access.signed_out": ("ออกจากระบบแล้ว", "You are signed out"),
    "access.no_account_for_email": (
        "ไม่มีบัญชีผู้ใช้ที่ใช้อีเมลนี้ในระบบ โปรดติดต่อผู้ดูแลระบบเพื่อขอสิทธิ์",
        "No account of this app has your e-mail address: ask an administrator for access",
    ),
    "access.session_ended": (
        "การเข้าสู่ระบบครั้งนี้สิ้นสุดแล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
        "This sign-in has ended: please sign in again",
    ),
    "access.password_was_reset": (
        "รหัสผ่านของบัญชีนี้ถูกตั้งใหม่ กรุณาเข้าสู่ระบบด้วยรหัสผ่านใหม่",
        "The password of this account was reset: please sign in with the new one",
    ),
    # --- refused account changes (the command line, the admin page) --------------------------------
    "access.bad_name": (
        "ชื่อผู้ใช้ต้องยาว 1–64 ตัวอักษร ใช้ได้เฉพาะ a-z 0-9 . _ - @ และขึ้นต้นด้วยตัวอักษรหรือตัวเลข",
        "a user name has 1–64 characters a-z 0-9 . _ - @ and starts with a letter or a digit",
    ),
    "access.user_exists": ("มีผู้ใช้ชื่อ {name} อยู่แล้ว", "there is already a user {name}"),
    "access.no_user": ("ไม่มีผู้ใช้ชื่อ {name}", "no user {name}"),
    "access.password_short": (
        "รหัสผ่านต้องยาวอย่างน้อย {min} ตัวอักษร",
        "a password needs at least {min} characters",
    ),
    "access.password_long": (
        "รหัสผ่านยาวได้ไม่เกิน {max} ตัวอักษร",
        "a password has at most {max} characters",
    ),
    "access.password_is_name": (
        "รหัสผ่านต้องไม่เหมือนชื่อผู้ใช้",
        "the password must not be the user name",
    ),
    "access.no_roles": ("ต้องระบุบทบาทอย่างน้อยหนึ่งบทบาท", "give at least one role"),
    "access.bad_role": (
        "ไม่รู้จักบทบาท {role} (บทบาทที่ใช้ได้: {allowed})",
        "unknown role {role}; roles are {allowed}",
    ),
    "access.bad_area": (
        "{value} ไม่ใช่รหัสพื้นที่ของกรมการปกครอง (2, 4, 6 หรือ 8 หลัก)",
        "{value} is not a DOPA area code (2, 4, 6 or 8 digits)",
    ),
    "access.bad_agency": (
        "ไม่รู้จักรหัสหน่วยงาน {value} (รหัสที่ใช้ได้: {allowed})",
        "unknown agency {value}; agencies are {allowed}",
    ),
    "access.needs_areas": (
        "บทบาท {roles} ทำงานในพื้นที่ที่ได้รับมอบหมาย: ต้องระบุรหัสพื้นที่อย่างน้อยหนึ่งรหัส",
        "the role(s) {roles} work in assigned areas: give at least one area code",
    ),
    "access.needs_agencies": (
        "บทบาท {roles} ทำงานกับคิวของหน่วยงาน: ต้องระบุรหัสหน่วยงานอย่างน้อยหนึ่งรหัส",
        "the role(s) {roles} work on an agency's queue: give at least one agency code",
    ),
    "access.bad_email": ("{email} ไม่ใช่ที่อยู่อีเมล", "{email} is not an e-mail address"),
    # --- roles, capabilities and audited actions --------------------------------------------------
    **{f"access.role.{r}": _ROLES[r] for r in ROLES},
    **{f"access.capability.{c}": (_CAPABILITIES_TH[c], en) for c, en in CAPABILITIES.items()},
    **{f"audit.action.{code}": (a.th, a.en) for code, a in ACTIONS.items()},
}
