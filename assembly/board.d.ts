// For editors and `tsc -p assembly` only: the types of the board constants. The build does not read this
// file; scripts/build-boards.ts copies assembly/ into build/gen/<board>/ and writes the real board.ts there
// from boards/<board>.json (`real` is f64 or f32 by the board's precision, the constants its capacities).
export type real = f64;
export declare const REAL_BYTES: i32;
export declare const MEMORY_PAGES: i32;
export declare const MAX_TRACKS: i32;
export declare const MAX_PLOTS: i32;
export declare const MAX_CLUSTER: i32;
export declare const MAX_SENSORS: i32;
export declare const MAX_FIRE_UNITS: i32;
export declare const MAX_ASSETS: i32;
export declare const WTA_MAX_WEAPONS: i32;
export declare const WTA_MAX_TARGETS: i32;
export declare const LAP_DENSE: i32;
export declare const BENCH_WORKLOADS: bool;
