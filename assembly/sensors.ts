// Sensor table: site and noise of every radar, set by CONFIG/SENSOR frames. Ids are the wire's u16;
// slots are dense indices used everywhere else.
import { real, MAX_SENSORS } from "./board";

export const sensorId = new StaticArray<i32>(MAX_SENSORS);
export const siteX = new StaticArray<real>(MAX_SENSORS);
export const siteY = new StaticArray<real>(MAX_SENSORS);
export const siteZ = new StaticArray<real>(MAX_SENSORS);
export const sigmaRange = new StaticArray<real>(MAX_SENSORS);
export const sigmaAz = new StaticArray<real>(MAX_SENSORS);
export const sigmaEl = new StaticArray<real>(MAX_SENSORS);
export const sigmaCart = new StaticArray<real>(MAX_SENSORS);
export const maxRange = new StaticArray<real>(MAX_SENSORS);
export const pd = new StaticArray<real>(MAX_SENSORS);
export const falseDensity = new StaticArray<real>(MAX_SENSORS);
export const scanPeriodS = new StaticArray<real>(MAX_SENSORS);
// Elevation band as tangents (set once by CONFIG/SENSOR, compared per track): 0 = no limit.
export const minElevationTan = new StaticArray<real>(MAX_SENSORS); // lowest elevation seen
export const maxElevationTan = new StaticArray<real>(MAX_SENSORS); // highest: the cone of silence above
export const sectorStart = new StaticArray<real>(MAX_SENSORS); // rad, clockwise from north
export const sectorWidth = new StaticArray<real>(MAX_SENSORS); // rad; 0 = all round
let sensorCount: i32 = 0;

export function sensorsClear(): void { sensorCount = 0; }
export function sensorCountGet(): i32 { return sensorCount; }

/** Slot of a configured sensor id, or -1. */
export function sensorSlot(id: i32): i32 {
  for (let s = 0; s < sensorCount; s++) if (unchecked(sensorId[s]) == id) return s;
  return -1;
}

/** Slot for id, creating it when there is room; -1 when the table is full. */
export function sensorSlotOrNew(id: i32): i32 {
  const s = sensorSlot(id);
  if (s >= 0) return s;
  if (sensorCount >= MAX_SENSORS) return -1;
  unchecked(sensorId[sensorCount] = id);
  return sensorCount++;
}

/** Longest scan period of the configured sensors, ms (1 s when none is configured). */
export function slowestScanMs(): f64 {
  let t: f64 = 1000;
  for (let s = 0; s < sensorCount; s++) t = max(t, <f64>unchecked(scanPeriodS[s]) * 1000);
  return t;
}
