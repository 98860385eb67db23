// A small DICOM Part 10 file for the browser tests, written by hand (explicit VR little endian,
// PS3.10 section 7 and PS3.5 section 7.1.2): a CT-like Secondary Capture instance with what a
// scanner records about itself (all invented) and a 32x32 8-bit picture that depends on seed.
// No patient attribute but an invented name, which the pages must never show.

function element(group, elem, vr, value) {
  const long = ["OB", "OW", "UN", "SQ", "UT"].includes(vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elem, 2);
  head.write(vr, 4, "ascii");
  if (long) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

const ui = (s) => Buffer.from(s.length % 2 ? s + "\0" : s, "ascii");
const text = (s) => Buffer.from(s.length % 2 ? s + " " : s, "ascii");
const us = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v, 0); return b; };

/** A DICOM instance; modality, station name and serial number as given. */
export function dicomInstance(seed, { modality = "CT", station = "CT ROOM 3", serial = "SN-0042" } = {}) {
  const sopClass = "1.2.840.10008.5.1.4.1.1.7";
  const instance = "2.25." + (BigInt(seed) * 1000003n + 77n).toString();
  const series = "2.25." + (BigInt(seed) * 1000003n + 78n).toString();
  const meta = Buffer.concat([
    element(0x0002, 0x0001, "OB", Buffer.from([0, 1])),
    element(0x0002, 0x0002, "UI", ui(sopClass)),
    element(0x0002, 0x0003, "UI", ui(instance)),
    element(0x0002, 0x0010, "UI", ui("1.2.840.10008.1.2.1")),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(meta.length, 0);
  const pixels = Buffer.alloc(32 * 32);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + seed * 31) & 0xff;
  return Buffer.concat([
    Buffer.alloc(128), Buffer.from("DICM", "ascii"), element(0x0002, 0x0000, "UL", length), meta,
    element(0x0008, 0x0016, "UI", ui(sopClass)),
    element(0x0008, 0x0018, "UI", ui(instance)),
    element(0x0008, 0x0060, "CS", text(modality)),
    element(0x0008, 0x0070, "LO", text("Example Medical")),
    element(0x0008, 0x1010, "SH", text(station)),
    element(0x0008, 0x1090, "LO", text("Scanner 64")),
    element(0x0010, 0x0010, "PN", text("TEST^PHANTOM")),
    element(0x0018, 0x1000, "LO", text(serial)),
    element(0x0020, 0x000e, "UI", ui(series)),
    element(0x0028, 0x0002, "US", us(1)),
    element(0x0028, 0x0004, "CS", text("MONOCHROME2")),
    element(0x0028, 0x0010, "US", us(32)),
    element(0x0028, 0x0011, "US", us(32)),
    element(0x0028, 0x0100, "US", us(8)),
    element(0x0028, 0x0101, "US", us(8)),
    element(0x0028, 0x0102, "US", us(7)),
    element(0x0028, 0x0103, "US", us(0)),
    element(0x7fe0, 0x0010, "OB", pixels),
  ]);
}
