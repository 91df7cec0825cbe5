// Reading the run log's files: JSON files whole, JSONL files line by line from a stream, so a large log
// never has to fit in memory as one string. Every error names the file (and the line).
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** A JSON file of the run log; the error names the file when it is missing or not JSON. */
export function readJson(file: string): unknown {
  if (!existsSync(file)) throw new Error(`${file}: not found`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Each record of a JSONL file in order, with its line number; blank lines are skipped. */
export async function* readJsonl<T = Record<string, unknown>>(file: string): AsyncGenerator<{ line: number; record: T }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
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
