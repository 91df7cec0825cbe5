// Capacities of every static pool. The board's numbers arrive through the generated ./board module;
// everything here is derived from them, so a reader sees each pool's size in one place.
import { MAX_TRACKS, MAX_PLOTS, MAX_CLUSTER, MAX_FIRE_UNITS, WTA_MAX_TARGETS } from "./board";
import {
  FRAME_MAX_RAW, FRAME_MAX_PAYLOAD, TRACK_RECORD_BYTES, TRACKS_HEADER_BYTES, FRAME_HEADER_BYTES, FRAME_CRC_BYTES, STAT_COUNT,
  ORDERS_HEADER_BYTES, ORDER_RECORD_BYTES, MAX_FORECAST_GROUPS, AUTH_TRAILER_BYTES,
} from "./protocol";

/** Bytes the host may write into the receive buffer per `ingest` call. */
export const RX_CAPACITY: i32 = 2048;
/** Largest COBS-encoded frame (without its delimiter): one overhead byte per 254 plus one. */
export const FRAME_MAX_ENCODED: i32 = FRAME_MAX_RAW + FRAME_MAX_RAW / 254 + 2;
/** Track records per TRACKS frame. */
export const TRACKS_PER_FRAME: i32 = (FRAME_MAX_RAW - FRAME_HEADER_BYTES - FRAME_CRC_BYTES - TRACKS_HEADER_BYTES) / TRACK_RECORD_BYTES;
const TRACK_FRAMES: i32 = MAX_TRACKS / TRACKS_PER_FRAME + 1;
/** Order records per ORDER frame: the payload less the authentication trailer's room (41). */
export const ORDERS_PER_FRAME: i32 = (FRAME_MAX_PAYLOAD - AUTH_TRAILER_BYTES - ORDERS_HEADER_BYTES) / ORDER_RECORD_BYTES;
/** ORDER frames of a step at most: one order per threat column of the assignment. */
const ORDER_FRAMES: i32 = (WTA_MAX_TARGETS + ORDERS_PER_FRAME - 1) / ORDERS_PER_FRAME;
/** Transmit buffer: a whole track picture, every ORDER frame a step can issue, telemetry and a few ACKs,
 *  COBS-encoded. THREATS take what is left (tewa/orders.ts): the most threatening when not all fit. */
export const TX_CAPACITY: i32 = TRACK_FRAMES * (FRAME_MAX_ENCODED + 1) + max(4, ORDER_FRAMES + 1) * (FRAME_MAX_ENCODED + 1)
  + (STAT_COUNT * 8 + 64 + AUTH_TRAILER_BYTES);
/** Gated track-plot pairs per batch: a plot rarely falls in more than a few gates. */
export const MAX_PAIRS: i32 = MAX_PLOTS * 4;
/** Buckets of the coarse-gating grid's hash table (a power of two, at least twice the tracks). */
export const GRID_BUCKETS: i32 = <i32>(1 << (32 - clz<u32>(<u32>(MAX_TRACKS * 2 - 1))));
/** Dense cost matrix of one cluster. */
export const CLUSTER_CELLS: i32 = MAX_CLUSTER * MAX_CLUSTER;
/** Nodes of the union-find over tracks and plots. */
export const UF_NODES: i32 = MAX_TRACKS + MAX_PLOTS;
/** Engagements in progress at once: each holds one guidance channel of a fire unit. */
export const MAX_ENGAGEMENTS: i32 = max(16, MAX_FIRE_UNITS * 4);
/** Expected groups of threats the firmware holds (CONFIG/FORECAST): waves per axis and class. */
export const MAX_FORECAST: i32 = MAX_FORECAST_GROUPS;
/** Groups of tracked threats in the look-ahead: (class, most threatened asset) pairs, most valuable kept. */
export const LOOKAHEAD_TRACK_GROUPS: i32 = 16;
/** Demand groups of one look-ahead: the forecast's and the tracked threats'. */
export const LOOKAHEAD_GROUPS: i32 = MAX_FORECAST + LOOKAHEAD_TRACK_GROUPS;
/** Reserve rules (CONFIG/RESERVE). */
export const MAX_RESERVES: i32 = 8;
