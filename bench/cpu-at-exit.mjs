// Loaded first (`node --import`) into a process whose CPU time bench/cli-startup.ts measures: at exit it
// appends the process's CPU time (user + system, every thread, in ms) to the file named by PARAPET_CPU_OUT.
import { appendFileSync } from 'node:fs';

const out = process.env.PARAPET_CPU_OUT;
if (out) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    appendFileSync(out, `${(u.user + u.system) / 1000}\n`);
  });
}
