"""Texts of the door's access check (``query.access``): what a person is told when a read is
refused or an area's numbers are suppressed. Code -> (Thai, English) ``str.format`` templates,
registered into :data:`data.messages.CATALOGUE`.

``{capability}`` is a capability's name (``access.capability.*``, registered with the roles'
texts), ``{areas}`` the user's area codes, ``{area}`` the area asked for.
"""

from __future__ import annotations

SCOPE: dict[str, tuple[str, str]] = {
    "scope.denied.capability": (
        "บทบาทของคุณไม่มีสิทธิ์นี้: {capability}",
        "Your role does not allow this: {capability}",
    ),
    "scope.denied.area": (
        "พื้นที่ {area} อยู่นอกพื้นที่ที่คุณได้รับมอบหมาย ({areas}): {capability}",
        "Area {area} is outside the areas assigned to you ({areas}): {capability}",
    ),
    "scope.denied.country": (
        "เลือกพื้นที่ที่อยู่ในพื้นที่ที่คุณได้รับมอบหมาย ({areas}) ก่อน: {capability}",
        "Choose an area inside the areas assigned to you ({areas}) first: {capability}",
    ),
    "scope.denied.household": (
        "ครัวเรือน {hh_id} อยู่นอกพื้นที่ที่คุณได้รับมอบหมาย ({areas})",
        "Household {hh_id} is outside the areas assigned to you ({areas})",
    ),
    "scope.denied.column": (
        "ข้อมูล {column} ไม่เปิดให้บทบาทของคุณในพื้นที่นี้",
        "The column {column} is not shown to your role in this area",
    ),
    "scope.no_areas": ("ยังไม่ได้รับมอบหมายพื้นที่", "none yet"),
    "scope.suppressed": (
        "ตัวเลขของพื้นที่นี้ถูกปกปิด: สำรวจน้อยกว่า {n} ครัวเรือน หรือปกปิดไว้เพื่อไม่ให้คำนวณตัวเลขที่ปกปิดย้อนกลับได้",
        "This area's numbers are suppressed: fewer than {n} households were surveyed, or they "
        "are hidden so that a suppressed number cannot be worked out from the others",
    ),
}
