"""Labels for Streamlit's own widget texts, which its frontend shows in English only
(povmap/views/chrome.py puts these in their place), and for Plotly's toolbar and notices
(``chrome_plotly_*``: the English text is Plotly's own, word for word, so
povmap/views/briefing_view.chart_config gives Plotly the Thai for it)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "chrome_upload": ("เลือกไฟล์", "Upload"),
    "chrome_upload_limit": ("ไม่เกิน {mb} MB ต่อไฟล์", "{mb}MB per file"),
    "chrome_drop_here": ("วางไฟล์ที่นี่", "Drop the file here"),
    # Plotly's texts (the toolbar's button titles, the notices it shows), as Plotly writes them
    "chrome_plotly_png": ("ดาวน์โหลดกราฟเป็นรูปภาพ", "Download plot as a PNG"),
    "chrome_plotly_download": ("ดาวน์โหลดกราฟ", "Download plot"),
    "chrome_plotly_json": ("ดาวน์โหลดข้อมูลกราฟ", "Download plot as JSON"),
    "chrome_plotly_preparing": (
        "กำลังเตรียมรูปภาพ อาจใช้เวลาสักครู่",
        "Preparing image - this may take a few seconds",
    ),
    "chrome_plotly_image_done": ("ดาวน์โหลดรูปภาพแล้ว", "Image download succeeded"),
    "chrome_plotly_image_failed": (
        "ขออภัย ดาวน์โหลดรูปภาพไม่สำเร็จ",
        "Sorry, there was a problem downloading your image!",
    ),
    "chrome_plotly_json_done": ("ดาวน์โหลดข้อมูลกราฟแล้ว", "JSON download succeeded"),
    "chrome_plotly_json_failed": (
        "ขออภัย ดาวน์โหลดข้อมูลกราฟไม่สำเร็จ",
        "Sorry, there was a problem downloading your JSON file!",
    ),
    "chrome_plotly_zoom_back": ("ดับเบิลคลิกเพื่อย่อกลับ", "Double-click to zoom back out"),
    "chrome_plotly_isolate": (
        "ดับเบิลคลิกที่คำอธิบายสัญลักษณ์เพื่อแสดงชุดข้อมูลเดียว",
        "Double-click on legend to isolate one trace",
    ),
    "chrome_plotly_zoom": ("ซูม", "Zoom"),
    "chrome_plotly_zoom_in": ("ขยาย", "Zoom in"),
    "chrome_plotly_zoom_out": ("ย่อ", "Zoom out"),
    "chrome_plotly_pan": ("เลื่อนภาพ", "Pan"),
    "chrome_plotly_box_select": ("เลือกเป็นกรอบ", "Box Select"),
    "chrome_plotly_lasso_select": ("เลือกแบบวาดรอบ", "Lasso Select"),
    "chrome_plotly_autoscale": ("ปรับมาตราส่วนอัตโนมัติ", "Autoscale"),
    "chrome_plotly_reset_axes": ("คืนค่าแกน", "Reset axes"),
    "chrome_plotly_reset": ("คืนค่า", "Reset"),
    "chrome_plotly_reset_view": ("คืนมุมมองเดิม", "Reset view"),
    "chrome_plotly_reset_views": ("คืนมุมมองเดิม", "Reset views"),
    "chrome_plotly_spikes": ("เปิดหรือปิดเส้นชี้ค่า", "Toggle Spike Lines"),
    "chrome_plotly_closest": ("แสดงข้อมูลจุดที่ใกล้ที่สุดเมื่อชี้", "Show closest data on hover"),
    "chrome_plotly_compare": ("เทียบข้อมูลเมื่อชี้", "Compare data on hover"),
    "chrome_plotly_toggle_closest": (
        "เปิดหรือปิดการแสดงข้อมูลจุดที่ใกล้ที่สุดเมื่อชี้",
        "Toggle show closest data on hover",
    ),
}
