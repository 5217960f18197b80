// Draws media/icon.png (128x128 RGBA): lines of code on a dark rounded square, one line with a hole
// that is being filled (an accent block with a caret). Run `node scripts/make-icon.mjs` after changing it.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SUPERSAMPLE = 4; // per axis, for smooth edges

const BACKGROUND = [30, 34, 46];
const CODE = [139, 148, 168];
const KEYWORD = [122, 162, 247];
const FILL = [245, 166, 35];
const CARET = [255, 244, 214];

/** Shapes painted in order; each says whether a point (in pixels, fractional) is inside. */
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const bar = (x, y, width, color) => ({ inside: roundedRect(x, y, x + width, y + 9, 4.5), color });

const shapes = [
  { inside: roundedRect(4, 4, 124, 124, 22), color: BACKGROUND },
  bar(22, 26, 22, KEYWORD), bar(50, 26, 52, CODE),
  bar(34, 46, 40, CODE),
  // the line with the hole: text, the fill in progress, text
  bar(34, 66, 16, CODE), { inside: roundedRect(55, 62, 89, 79, 4), color: FILL }, bar(94, 66, 12, CODE),
  { inside: roundedRect(84, 60, 87, 81, 1.5), color: CARET },
  bar(34, 86, 30, CODE),
  bar(22, 106, 10, KEYWORD),
];

function pixel(px, py) {
  let [r, g, b, a] = [0, 0, 0, 0];
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = px + (sx + 0.5) / SUPERSAMPLE;
      const y = py + (sy + 0.5) / SUPERSAMPLE;
      let color = null;
      for (const shape of shapes) if (shape.inside(x, y)) color = shape.color;
      if (color) {
        r += color[0];
        g += color[1];
        b += color[2];
        a += 255;
      }
    }
  }
  // Colours averaged over the covered samples only, so edges fade out instead of darkening.
  const covered = a / 255;
  return covered === 0 ? [0, 0, 0, 0] : [r / covered, g / covered, b / covered, a / n].map(Math.round);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const rows = Buffer.alloc(SIZE * (1 + SIZE * 4)); // each row: filter byte 0, then pixels
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(rows, y * (1 + SIZE * 4) + 1 + x * 4);
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
