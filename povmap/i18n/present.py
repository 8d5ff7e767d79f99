"""Labels of Saved views, storylines and presentation mode (Thai, English)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # --- the sidebar of every page: copy link, save this view (povmap.views.share_view) ---------------
    "share_heading": ("แชร์หรือบันทึกมุมมองนี้", "Share or save this view"),
    "share_copy": ("คัดลอกลิงก์", "Copy link"),
    "share_copied": ("คัดลอกลิงก์ของมุมมองนี้แล้ว", "The link to this view is copied"),
    "share_copy_manual": (
        "คัดลอกเองไม่ได้ในเบราว์เซอร์นี้: เลือกลิงก์ในช่องนี้แล้วคัดลอก",
        "This browser did not let the app copy: select the link in the box and copy it",
    ),
    "share_link_label": ("ลิงก์ของมุมมองนี้", "Link to this view"),
    "share_help": (
        "ลิงก์เปิดหน้าเดิม พื้นที่ รอบสำรวจ ตัวชี้วัด การแบ่งช่วง สี และตำแหน่งซูมของแผนที่ตามที่เห็นอยู่",
        "The link opens this page with the same area, round, measure, classes, colours and map zoom",
    ),
    "save_title": ("ชื่อมุมมอง", "Title of the view"),
    "save_note": ("บันทึกประกอบ (ไม่บังคับ)", "Note (optional)"),
    "save_button": ("บันทึกมุมมองนี้", "Save this view"),
    "save_done": ("บันทึกเป็นมุมมองหมายเลข {n} แล้ว", "Saved as view number {n}"),
    "save_go": ("ไปที่ลำดับเรื่องนำเสนอ", "Go to storylines"),
    # --- the Storylines page (pages/storylines.py) ----------------------------------------------------
    "section_present": ("การนำเสนอ", "Presenting"),
    "page_storylines": ("ลำดับเรื่องนำเสนอ", "Storylines"),
    "story_title": ("ลำดับเรื่องนำเสนอ", "Storylines"),
    "story_intro": (
        "ลำดับเรื่องคือมุมมองที่บันทึกไว้เรียงตามลำดับการนำเสนอ แสดงทีละหน้าจอเต็ม "
        "เปลี่ยนหน้าด้วยปุ่มลูกศรซ้าย–ขวาหรือปุ่มเลื่อนหน้าขึ้น–ลง ใช้ได้โดยไม่ต้องต่ออินเทอร์เน็ต",
        "A storyline is saved views in the order you present them, shown one per full screen; "
        "the arrow keys or PageUp/PageDown move between them, with no internet needed",
    ),
    "story_pick": ("เลือกลำดับเรื่อง", "Storyline"),
    "story_option": ("{title} ({n} หน้า)", "{title} ({n} slides)"),
    "story_none": (
        "ยังไม่มีลำดับเรื่อง: ตั้งชื่อแล้วสร้างได้ด้านล่าง",
        "No storyline yet: name one and create it below",
    ),
    "story_new": ("สร้างลำดับเรื่องใหม่", "New storyline"),
    "story_new_title": ("ชื่อลำดับเรื่อง", "Storyline title"),
    "story_note": ("บันทึกประกอบ", "Note"),
    "story_create": ("สร้างลำดับเรื่อง", "Create storyline"),
    "story_created": ("สร้างลำดับเรื่องหมายเลข {n} แล้ว", "Storyline {n} created"),
    "story_slides": ("หน้าของลำดับเรื่อง “{title}”", "Slides of “{title}”"),
    "story_empty": (
        "ลำดับเรื่องนี้ยังไม่มีหน้า: เพิ่มจากมุมมองที่บันทึกไว้ด้านล่าง",
        "This storyline has no slides yet: add saved views below",
    ),
    "story_slide": ("{n}. {title}", "{n}. {title}"),
    "story_up": ("ขึ้น", "Up"),
    "story_down": ("ลง", "Down"),
    "story_remove": ("นำออก", "Remove"),
    "story_add_pick": ("มุมมองที่บันทึกไว้", "Saved view"),
    "story_add": ("เพิ่มเป็นหน้าถัดไป", "Add as the next slide"),
    "story_present": ("นำเสนอแบบเต็มจอ", "Present full screen"),
    "story_edit": ("แก้ชื่อหรือลบลำดับเรื่อง", "Rename or delete the storyline"),
    "story_save": ("บันทึกชื่อ", "Save title"),
    "story_delete": (
        "ลบลำดับเรื่องนี้ (มุมมองที่บันทึกไว้ยังอยู่)",
        "Delete this storyline (its saved views stay)",
    ),
    "story_export": ("ส่งออกลำดับเรื่อง", "Export the storyline"),
    "views_heading": ("มุมมองที่บันทึกไว้", "Saved views"),
    "views_none": (
        "ยังไม่มีมุมมองที่บันทึกไว้: ใช้ “บันทึกมุมมองนี้” ที่แถบด้านข้างของทุกหน้า",
        "No saved view yet: use “Save this view” in the sidebar of any page",
    ),
    "views_line": (
        "หมายเลข {n} · {page} · {area} · รอบสำรวจ พ.ศ. {round}",
        "Number {n} · {page} · {area} · round {round} BE",
    ),
    "views_open": ("เปิดมุมมองนี้", "Open this view"),
    "views_delete": ("ลบ", "Delete"),
    "views_deleted": ("ลบมุมมองหมายเลข {n} แล้ว", "View {n} deleted"),
    # --- the presentation (?present=<storyline>) ----------------------------------------------------
    "present_prev": ("ก่อนหน้า", "Previous"),
    "present_next": ("ถัดไป", "Next"),
    "present_count": ("หน้า {n} จาก {total}", "Slide {n} of {total}"),
    "present_exit": ("ออกจากการนำเสนอ", "Leave the presentation"),
    "present_missing": ("ไม่พบลำดับเรื่องหมายเลข {n}", "There is no storyline number {n}"),
    "present_empty": ("ลำดับเรื่องนี้ยังไม่มีหน้า", "This storyline has no slides yet"),
    "present_no_data": ("ยังไม่มีข้อมูลครัวเรือน", "No household data yet"),
    "present_round": ("รอบสำรวจ พ.ศ. {round}", "Survey round {round} BE"),
    "present_change": ("{change} เทียบ พ.ศ. {round}", "{change} vs {round} BE"),
    "present_points": ("จุด", "pts"),
    "present_map_of": ("{metric} ราย{level}", "{metric} by {level}"),
    "present_level_province": ("จังหวัด", "province"),
    "present_level_district": ("อำเภอ", "district"),
    "present_level_subdistrict": ("ตำบล", "subdistrict"),
    "present_no_areas": ("ไม่มีพื้นที่ให้แสดงบนแผนที่", "No areas to draw"),
    "present_not_allowed": (
        "สไลด์นี้มาจากหน้า {page} ซึ่งต้องเข้าสู่ระบบด้วยบทบาทที่ดูหน้านี้ได้",
        "This slide is of the {page} page, which needs a sign-in with a role that may open it",
    ),
}
