// Telemetry counters read by the host through `stat(id)` and sent in TELEMETRY frames.
import { STAT_COUNT } from "./protocol";

const counters = new StaticArray<f64>(STAT_COUNT);

// @ts-ignore: decorator
@inline export function statAdd(id: i32, n: f64): void { unchecked(counters[id] += n); }
// @ts-ignore: decorator
@inline export function statSet(id: i32, v: f64): void { unchecked(counters[id] = v); }
export function statGet(id: i32): f64 { return id >= 0 && id < STAT_COUNT ? unchecked(counters[id]) : NaN; }
export function statsClear(): void { for (let i = 0; i < STAT_COUNT; i++) unchecked(counters[i] = 0); }
