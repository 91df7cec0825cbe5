// Reading the run log's files: JSON files whole, JSONL files line by line from a stream, so a large log
// never has to fit in memory as one string. Every error names the file (and the line). Only regular files
// are read (a FIFO or a device in a run directory would block the reader forever), each within a size limit.
import { closeSync, constants, createReadStream, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** The largest JSON file (meta.json, summary.json, timing.json) read whole. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** The largest JSONL file streamed: far above a Kyiv-sized log, short of a runaway or hostile one. */
export const MAX_JSONL_BYTES = 8 * 1024 * 1024 * 1024;

/**
 * Opens a file for reading only if it is a regular file no larger than maxBytes. O_NONBLOCK lets the open of
 * a FIFO return at once (without it the open waits for a writer); fstat on the descriptor then refuses it.
 */
export function openRegular(file: string, maxBytes: number): number {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${file}: not found`);
    throw new Error(`${file}: cannot open (${(e as Error).message})`);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) { closeSync(fd); throw new Error(`${file}: not a regular file`); }
  if (st.size > maxBytes) { closeSync(fd); throw new Error(`${file}: ${st.size} bytes, larger than the limit of ${maxBytes} bytes`); }
  return fd;
}

/** A JSON file of the run log; the error names the file when it is missing, not a regular file, too large or not JSON. */
export function readJson(file: string): unknown {
  if (!existsSync(file)) throw new Error(`${file}: not found`);
  const fd = openRegular(file, MAX_JSON_BYTES);
  let text: string;
  try { text = readFileSync(fd, 'utf8'); } finally { closeSync(fd); }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Each record of a JSONL file in order, with its line number; blank lines are skipped. */
export async function* readJsonl<T = Record<string, unknown>>(file: string): AsyncGenerator<{ line: number; record: T }> {
  const fd = openRegular(file, MAX_JSONL_BYTES);
  const lines = createInterface({ input: createReadStream('', { fd, encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (e) {
      throw new Error(`${file}:${line}: not valid JSON (${(e as Error).message})`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new Error(`${file}:${line}: not a JSON object`);
    yield { line, record: record as T };
  }
}

/** The error for a record that lacks what the report needs. */
export function badRecord(file: string, line: number, what: string): Error {
  return new Error(`${file}:${line}: ${what}`);
}
