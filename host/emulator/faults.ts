// Fault injection on a byte stream, as a noisy serial line: each byte is dropped with probability `drop`
// and each bit flipped with probability `flip`, from a seeded stream so a faulty run can be replayed.
import { Rng } from '../sim/rng.ts';

export interface Faults { drop: number; flip: number }

export const NO_FAULTS: Faults = Object.freeze({ drop: 0, flip: 0 });

/** Parses `drop=0.001,flip=0.0001`; errors name the bad item. */
export function parseFaults(text: string): Faults {
  const f: Faults = { drop: 0, flip: 0 };
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, value] = item.split('=');
    const v = Number(value);
    if ((key !== 'drop' && key !== 'flip') || value === undefined || !(v >= 0 && v <= 1)) {
      throw new Error(`--faults: '${item}' is not drop=<0..1> or flip=<0..1>`);
    }
    f[key] = v;
  }
  return f;
}

export class FaultyLine {
  dropped = 0;
  flipped = 0;
  private readonly rng: Rng;

  constructor(private readonly faults: Faults, seed: number | string) {
    this.rng = new Rng(`line-${seed}`);
  }

  get active(): boolean { return this.faults.drop > 0 || this.faults.flip > 0; }

  /** The bytes as they arrive at the far end. */
  apply(bytes: Uint8Array): Uint8Array {
    if (!this.active) return bytes;
    const out: number[] = [];
    for (const b of bytes) {
      if (this.faults.drop > 0 && this.rng.chance(this.faults.drop)) { this.dropped++; continue; }
      let v = b;
      if (this.faults.flip > 0) {
        for (let bit = 0; bit < 8; bit++) if (this.rng.chance(this.faults.flip)) { v ^= 1 << bit; this.flipped++; }
      }
      out.push(v);
    }
    return Uint8Array.from(out);
  }
}
