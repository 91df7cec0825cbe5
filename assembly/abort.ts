// The firmware's own abort handler, wired in by `--use abort=abort/firmwareAbort`, so the module imports
// nothing at all (not even env.abort). A failed assertion records where it failed and traps: the host sees a
// trap, reads `stat(STAT_FAULT_LINE)`... and a microcontroller port resets.
// @ts-ignore: decorator
@lazy export let faultLine: u32 = 0;

export function firmwareAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  faultLine = line;
  unreachable();
}
