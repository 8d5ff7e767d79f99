"""Excel files a user may really have: saved with a password, damaged in the ways zips and
sheets break (a copy cut short, a part missing, a sheet's XML broken off)."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path


def workbook(path: Path, rows: int = 300) -> Path:
    """A good workbook: sheet 'ข้อมูล' with a header and ``rows`` rows."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ข้อมูล"
    ws.append(["hh_id", "round_be", "members"])
    for i in range(rows):
        ws.append([f"H{i}", "2564", "4"])
    wb.save(path)
    return path


def encrypted_workbook(path: Path, sector_size: int = 512) -> Path:
    """What Excel writes for a workbook saved with a password: an OLE compound file holding
    the streams EncryptionInfo and EncryptedPackage ([MS-OFFCRYPTO]), laid out as [MS-CFB]
    says (header, one FAT sector, one directory sector, the streams)."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    size = sector_size
    info, package = b"\x04\x00\x04\x00" + bytes(4092), os.urandom(3 * 4096)
    streams = [("EncryptionInfo", info), ("EncryptedPackage", package)]
    fat, starts = [fat_sector, end], []  # sector 0: the FAT, sector 1: the directory
    for _, data in streams:
        count = -(-len(data) // size)
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (size // 4 - len(fat))

    def entry(name: str, kind: int, child=none, right=none, start=end, length=0) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(raw), kind, 1, none, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, length)
        )

    directory = entry("Root Entry", 5, child=1)
    directory += entry(streams[0][0], 2, right=2, start=starts[0], length=len(info))
    directory += entry(streams[1][0], 2, start=starts[1], length=len(package))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<5H", 0x3E, 3 if size == 512 else 4, 0xFFFE, size.bit_length() - 1, 6)
        + bytes(6)
        + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *[free] * 108)
    )
    body = b"".join(data.ljust(-(-len(data) // size) * size, b"\0") for _, data in streams)
    path.write_bytes(
        header.ljust(size, b"\0")
        + struct.pack(f"<{size // 4}I", *fat)
        + directory.ljust(size, b"\0")
        + body
    )
    return path


def _rewrite(good: Path, out: Path, drop: str = "", change: dict[str, bytes] | None = None):
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            if name != drop:
                zout.writestr(name, (change or {}).get(name) or zin.read(name))
    return out


def damaged_workbooks(folder: Path) -> dict[str, Path]:
    """One file per way a workbook breaks, by what a user should be told."""
    good = workbook(folder / "good.xlsx")
    data = good.read_bytes()
    cut = folder / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])  # a copy or download cut short
    flipped = bytearray(data)
    at = data.find(b"xl/worksheets/sheet1.xml") + 200
    flipped[at : at + 50] = bytes(b ^ 0xFF for b in flipped[at : at + 50])
    crc = folder / "crc.xlsx"
    crc.write_bytes(bytes(flipped))  # compressed data damaged
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    return {
        "incomplete": cut,
        "corrupt data": crc,
        "part missing": _rewrite(good, folder / "noworkbook.xlsx", drop="xl/workbook.xml"),
        "no sheet": _rewrite(good, folder / "nosheet.xlsx", drop="xl/worksheets/sheet1.xml"),
        "contents unreadable": _rewrite(
            good, folder / "badbook.xlsx", change={"xl/workbook.xml": b"<workbook><<garbage"}
        ),
        "sheet broken off": _rewrite(
            good,
            folder / "badxml.xlsx",
            change={"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2] + b"<<garbage"},
        ),
    }
