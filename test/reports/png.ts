import { PNG } from 'pngjs';

/** Test helpers for PNG files: the signature, the IHDR size, and whether any pixel differs from the first. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function ihdrSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Distinct colours among the decoded pixels (a blank image has one). */
export function distinctColours(png: Buffer): number {
  const image = PNG.sync.read(png);
  const colours = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4) colours.add(image.data.readUInt32BE(i));
  return colours.size;
}
