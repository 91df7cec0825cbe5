// `parapet selftest`: the board bring-up check (built-in synthetic raid -> checksum).
import type { Command } from 'commander';
import { Firmware } from '../firmware.ts';
import { loadBoard } from '../boards/board.ts';
import { intOption } from './options.ts';

export function register(program: Command): void {
  program
    .command('selftest')
    .description('run the firmware\'s built-in synthetic raid and print its checksum')
    .option('-b, --board <name>', 'board whose build/<board>.wasm to run', 'host')
    .option('--seed <n>', 'raid seed (u32)', intOption('--seed', 0, 0xffffffff), 1)
    .option('--scans <n>', 'number of one-second scans', intOption('--scans', 1, 100000), 60)
    .option('--json', 'print JSON instead of text')
    .action((o: { board: string; seed: number; scans: number; json?: boolean }) => {
      loadBoard(o.board); // a clear error for an unknown board
      const fw = Firmware.load(o.board);
      const checksum = fw.selftest(o.seed, o.scans);
      const s = fw.stats();
      if (o.json) {
        console.log(JSON.stringify({ board: o.board, seed: o.seed, scans: o.scans, checksum, stats: s }));
        return;
      }
      console.log(`board ${o.board}  seed ${o.seed}  scans ${o.scans}`);
      console.log(`checksum ${checksum}`);
      console.log(`tracks confirmed ${s.tracksConfirmed}  active ${s.tracksActive}  created ${s.tracksCreated}  ` +
        `plots ${s.plotsIn} (associated ${s.plotsAssociated})  frames ${s.framesOk}  crc errors ${s.crcErrors}  ` +
        `memory ${s.memoryPages} pages  heap top ${s.heapTop}`);
    });
}
