#!/usr/bin/env python3
"""Writes a synthetic DICOM series (Part 10, explicit VR little endian, 16-bit MONOCHROME2 with
random pixels) for demonstrations and benchmarks: no patient, test values only.

usage: make-series.py OUTDIR COUNT ROWS COLUMNS [MODALITY]
"""
import os
import struct
import sys
import uuid


HIGH_NIBBLE_CLEARED = bytes(i & 0x0F for i in range(256))


def uid():
    return "2.25.%d" % uuid.uuid4().int


def element(group, elem, vr, value):
    if isinstance(value, str):
        value = value.encode("ascii")
        if len(value) % 2:
            value += b"\0" if vr == "UI" else b" "
    if vr in ("OB", "OW", "SQ", "UN", "UT"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), len(value)) + value


def instance(sop_class, sop_instance, study, series, number, rows, columns, modality):
    meta_body = (
        element(0x0002, 0x0001, "OB", b"\0\1")
        + element(0x0002, 0x0002, "UI", sop_class)
        + element(0x0002, 0x0003, "UI", sop_instance)
        + element(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1")
        + element(0x0002, 0x0012, "UI", "1.2.826.0.1.3680043.10.1.99")
    )
    meta = element(0x0002, 0x0000, "UL", struct.pack("<I", len(meta_body))) + meta_body
    pixels = bytearray(os.urandom(rows * columns * 2))
    pixels[1::2] = pixels[1::2].translate(HIGH_NIBBLE_CLEARED)  # 12 bits stored
    pixels = bytes(pixels)
    data = (
        element(0x0008, 0x0016, "UI", sop_class)
        + element(0x0008, 0x0018, "UI", sop_instance)
        + element(0x0008, 0x0022, "DA", "20261125")
        + element(0x0008, 0x0032, "TM", "101500")
        + element(0x0008, 0x0060, "CS", modality)
        + element(0x0008, 0x0070, "LO", "ACME Imaging")
        + element(0x0008, 0x1010, "SH", "ROOM-2")
        + element(0x0008, 0x1090, "LO", "Phantom 3000")
        + element(0x0010, 0x0010, "PN", "TEST^PHANTOM")
        + element(0x0010, 0x0020, "LO", "PID-0001")
        + element(0x0018, 0x1000, "LO", "SN-1234")
        + element(0x0020, 0x000D, "UI", study)
        + element(0x0020, 0x000E, "UI", series)
        + element(0x0020, 0x0013, "IS", str(number))
        + element(0x0028, 0x0002, "US", struct.pack("<H", 1))
        + element(0x0028, 0x0004, "CS", "MONOCHROME2")
        + element(0x0028, 0x0010, "US", struct.pack("<H", rows))
        + element(0x0028, 0x0011, "US", struct.pack("<H", columns))
        + element(0x0028, 0x0100, "US", struct.pack("<H", 16))
        + element(0x0028, 0x0101, "US", struct.pack("<H", 12))
        + element(0x0028, 0x0102, "US", struct.pack("<H", 11))
        + element(0x0028, 0x0103, "US", struct.pack("<H", 0))
        + element(0x7FE0, 0x0010, "OW", pixels)
    )
    return b"\0" * 128 + b"DICM" + meta + data


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    out, count, rows, columns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    modality = sys.argv[5] if len(sys.argv) > 5 else "CT"
    sop_class = {"CT": "1.2.840.10008.5.1.4.1.1.2", "MR": "1.2.840.10008.5.1.4.1.1.4",
                 "CR": "1.2.840.10008.5.1.4.1.1.1"}.get(modality, "1.2.840.10008.5.1.4.1.1.7")
    os.makedirs(out, exist_ok=True)
    study, series = uid(), uid()
    for n in range(1, count + 1):
        with open(os.path.join(out, "slice-%04d.dcm" % n), "wb") as f:
            f.write(instance(sop_class, uid(), study, series, n, rows, columns, modality))
    print(series)


if __name__ == "__main__":
    main()
