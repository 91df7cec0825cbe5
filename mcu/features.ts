// What a WebAssembly module needs from the engine that runs it: the proposals its instructions belong to
// (from wabt's wasm-objdump disassembly) and the module-structure facts a microcontroller runtime limits
// (imports, memory limits, result counts, export names per function). Checked against what wasm3 and WAMR
// as their embedded ports build them accept (docs/boards.md; test/mcu-features.test.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type Feature = 'mvp' | 'sign-extension' | 'nontrapping-f2i' | 'bulk-memory' | 'simd' | 'reference-types'
  | 'threads' | 'tail-call' | 'exceptions' | 'multi-value' | 'mutable-globals';

/** Features each microcontroller runtime accepts as its embedded port builds it. wasm3: MVP, sign extension,
 *  exported mutable globals; its embedded builds refuse the saturating conversions and implement bulk memory
 *  only in part, and it keeps at most 3 export names per function (d_m3MaxDuplicateFunctionImpl). WAMR's
 *  interpreter: the same set; bulk memory only when built with WAMR_BUILD_BULK_MEMORY, which is not assumed. */
export const RUNTIME_FEATURES: Record<'wasm3' | 'wamr', Feature[]> = {
  wasm3: ['mvp', 'sign-extension', 'mutable-globals'],
  wamr: ['mvp', 'sign-extension', 'mutable-globals'],
};
export const WASM3_MAX_EXPORT_NAMES = 3;

const MVP_NUMERIC = [
  /^(i32|i64)\.(const|eqz|eq|ne|lt_[su]|gt_[su]|le_[su]|ge_[su]|clz|ctz|popcnt|add|sub|mul|div_[su]|rem_[su]|and|or|xor|shl|shr_[su]|rotl|rotr)$/,
  /^(f32|f64)\.(const|eq|ne|lt|gt|le|ge|abs|neg|ceil|floor|trunc|nearest|sqrt|add|sub|mul|div|min|max|copysign)$/,
  /^i32\.wrap_i64$|^i64\.extend_i32_[su]$|^(i32|i64)\.trunc_f(32|64)_[su]$|^f(32|64)\.convert_i(32|64)_[su]$/,
  /^f32\.demote_f64$|^f64\.promote_f32$|^(i32\.reinterpret_f32|i64\.reinterpret_f64|f32\.reinterpret_i32|f64\.reinterpret_i64)$/,
  /^(i32|i64|f32|f64)\.(load|store)$|^(i32|i64)\.load(8|16)_[su]$|^i64\.load32_[su]$|^(i32|i64)\.store(8|16)$|^i64\.store32$/,
  /^(unreachable|nop|block|loop|if|else|end|br|br_if|br_table|return|call|call_indirect|drop|select|memory\.size|memory\.grow)$/,
  /^(local\.get|local\.set|local\.tee|global\.get|global\.set)$/,
];

/** The proposal an instruction mnemonic (wabt's spelling) belongs to. */
export function featureOf(op: string): Feature | 'unknown' {
  if (MVP_NUMERIC.some((r) => r.test(op))) return 'mvp';
  if (/^(i32\.extend(8|16)_s|i64\.extend(8|16|32)_s)$/.test(op)) return 'sign-extension';
  if (/\.trunc_sat_f(32|64)_[su]$/.test(op)) return 'nontrapping-f2i';
  if (/^(memory\.(copy|fill|init)|data\.drop|table\.(copy|init)|elem\.drop)$/.test(op)) return 'bulk-memory';
  if (/^v128|^(i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\./.test(op)) return 'simd';
  if (/^(ref\.|table\.(get|set|size|grow|fill)$|select$)/.test(op)) return 'reference-types';
  if (/atomic/.test(op)) return 'threads';
  if (/^return_call/.test(op)) return 'tail-call';
  if (/^(try|catch|catch_all|throw|rethrow|delegate)$/.test(op)) return 'exceptions';
  return 'unknown';
}

/** Instruction mnemonics and how often each occurs, from `wasm-objdump -d`. */
export function opcodeCounts(wasmFile: string): Map<string, number> {
  const out = execFileSync('wasm-objdump', ['-d', wasmFile], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const counts = new Map<string, number>();
  for (const line of out.split('\n')) {
    const m = /^\s*[0-9a-f]+: [0-9a-f ]+\|\s*(\S+)/.exec(line);
    if (!m || m[1].startsWith('local[')) continue;
    counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  return counts;
}

export interface ModuleFacts {
  imports: number;
  memory: { initial: number; maximum: number | undefined } | undefined;
  /** Largest number of results of any function type (> 1 needs multi-value). */
  maxResults: number;
  /** Export names of each exported function index. */
  exportNames: Map<number, string[]>;
  /** Exported globals that are mutable. */
  mutableGlobalExports: string[];
}

/** Reads the sections a runtime's loader cares about straight from the binary. */
export function moduleFacts(bytes: Uint8Array): ModuleFacts {
  let at = 8;
  const u = (): number => { let r = 0, s = 0, b: number; do { b = bytes[at++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return r; };
  const name = (): string => { const n = u(); const t = new TextDecoder().decode(bytes.subarray(at, at + n)); at += n; return t; };
  const facts: ModuleFacts = { imports: 0, memory: undefined, maxResults: 0, exportNames: new Map(), mutableGlobalExports: [] };
  const globalMutable: boolean[] = [];
  const skipInit = (): void => { while (bytes[at] !== 0x0b) at++; at++; }; // constant expressions: no 0x0b inside the ones used
  const exports: Array<{ name: string; kind: number; index: number }> = [];
  while (at < bytes.length) {
    const id = bytes[at++]; const size = u(); const end = at + size;
    if (id === 1) {
      for (let n = u(); n > 0; n--) { at++; const p = u(); at += p; const r = u(); at += r; facts.maxResults = Math.max(facts.maxResults, r); }
    } else if (id === 2) {
      facts.imports = u();
    } else if (id === 5) {
      const n = u();
      if (n > 0) { const flags = u(); const initial = u(); facts.memory = { initial, maximum: flags & 1 ? u() : undefined }; }
    } else if (id === 6) {
      for (let n = u(); n > 0; n--) { at++; globalMutable.push(bytes[at++] === 1); skipInit(); }
    } else if (id === 7) {
      for (let n = u(); n > 0; n--) { const nm = name(); const kind = bytes[at++]; exports.push({ name: nm, kind, index: u() }); }
    }
    at = end;
  }
  for (const e of exports) {
    if (e.kind === 0) facts.exportNames.set(e.index, [...(facts.exportNames.get(e.index) ?? []), e.name]);
    if (e.kind === 3 && globalMutable[e.index]) facts.mutableGlobalExports.push(e.name);
  }
  return facts;
}

/** Every feature a module needs: its instructions' proposals plus the structural ones. */
export function moduleFeatures(wasmFile: string): { features: Set<Feature | 'unknown'>; ops: Map<string, number>; facts: ModuleFacts } {
  const ops = opcodeCounts(wasmFile);
  const facts = moduleFacts(readFileSync(wasmFile));
  const features = new Set<Feature | 'unknown'>([...ops.keys()].map(featureOf));
  if (facts.maxResults > 1) features.add('multi-value');
  if (facts.mutableGlobalExports.length) features.add('mutable-globals');
  return { features, ops, facts };
}
