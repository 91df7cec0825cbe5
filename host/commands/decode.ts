// `parapet decode <file>`: prints every decoded ASTERIX record as one JSON
// line on stdout, and what went wrong (with byte offsets) on stderr.
// Decoding problems do not change the exit status: a partly damaged recording
// still yields its good records. Only an unreadable file fails the command.

import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { CONTAINER_FORMATS, decodeAsterix, type ContainerFormat, type DecodeResult } from '../sources/asterix.ts';

export interface DecodeCliOptions {
  format?: ContainerFormat | 'auto';
  jsonl?: boolean;
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs the command; returns the exit status. */
export function runDecode(file: string, opts: DecodeCliOptions, io: Output): number {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    io.err(`${file}: cannot read: ${(e as Error).message}\n`);
    return 1;
  }
  const result = decodeAsterix(bytes, { format: opts.format ?? 'auto', fileName: file });
  // One write per chunk of lines keeps large recordings fast without holding all text at once.
  const CHUNK = 2000;
  for (let i = 0; i < result.records.length; i += CHUNK) {
    io.out(result.records.slice(i, i + CHUNK).map((r) => JSON.stringify(r) + '\n').join(''));
  }
  io.err(summary(file, result));
  return 0;
}

export function summary(file: string, r: DecodeResult): string {
  const c = r.counts;
  const lines = r.errors.map((e) => `${file}:${e.offset}: ${e.block === null ? '' : `block ${e.block}: `}${e.message}`);
  const unsupported = Object.entries(r.unsupported).map(([cat, n]) => `CAT${cat.padStart(3, '0')} x${n}`);
  let head = `${file}: ${r.format}, ${c.blocks} blocks, ${c.records} records, ${c.errors} errors`;
  if (c.frames) head += `, ${c.frames} frames (${c.skippedFrames} not UDP)`;
  if (unsupported.length) head += `; blocks not decoded (category not supported): ${unsupported.join(', ')}`;
  if (c.skippedBytes) head += `; ${c.skippedBytes} bytes skipped`;
  return [...lines, head].join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('decode')
    .description('decode an ASTERIX recording (CAT048/034/001/002) to one JSON line per record')
    .argument('<file>', 'recording: raw blocks, pcap, pcapng or GPS recorder format')
    .addOption(
      new Option('--format <format>', 'container format').choices(['auto', ...CONTAINER_FORMATS]).default('auto'),
    )
    .option('--jsonl', 'one JSON object per line (the default)')
    .action((file: string, opts: DecodeCliOptions) => {
      // A closed pipe (e.g. `| head`) ends the output; it is not an error of the decoder.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE') throw e;
      });
      process.exitCode = runDecode(file, opts, {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
      });
    });
}
