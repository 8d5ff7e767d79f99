"""Labels for Streamlit's own widget texts, which its frontend shows in English only
(povmap/views/chrome.py puts these in their place)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "chrome_upload": ("เลือกไฟล์", "Upload"),
    "chrome_upload_limit": ("ไม่เกิน {mb} MB ต่อไฟล์", "{mb}MB per file"),
    "chrome_drop_here": ("วางไฟล์ที่นี่", "Drop the file here"),
}
