// Wire-protocol and ABI constants shared by the firmware and the host.
// This file must stay valid both as AssemblyScript and as TypeScript: plain
// untyped integer constants only (AssemblyScript infers i32), no imports.
// The byte layouts behind these numbers are in docs/wire-protocol.md.

export const PROTOCOL_VERSION = 1;

// Raw frame (before COBS): version u8 | type u8 | seq u16 | payload | crc32c u32.
export const FRAME_HEADER_BYTES = 4;
export const FRAME_CRC_BYTES = 4;
export const FRAME_MAX_RAW = 2048; // header + payload + crc, before COBS
export const FRAME_MAX_PAYLOAD = 2040;

// Frame types, host -> firmware.
export const FRAME_CONFIG = 0x01;
export const FRAME_SCAN = 0x02;
export const FRAME_PLOTS = 0x03;
export const FRAME_EFFECTOR = 0x04;
export const FRAME_KILL = 0x05;
export const FRAME_HEARTBEAT = 0x06;
// Frame types, firmware -> host.
export const FRAME_TRACKS = 0x10;
export const FRAME_TELEMETRY = 0x11;
export const FRAME_ORDER = 0x12;
export const FRAME_ACK = 0x13;
export const FRAME_THREATS = 0x14;
// Authenticated frames (docs/security.md): the top bit of the type byte says an authentication trailer
// follows the payload: counter u64 | tag (the first 16 bytes of HMAC-SHA-256 over version..counter).
export const FRAME_AUTH = 0x80;
export const AUTH_COUNTER_BYTES = 8;
export const AUTH_TAG_BYTES = 16;
export const AUTH_TRAILER_BYTES = 24;
export const AUTH_KEY_BYTES = 32; // the provisioned key
export const AUTH_PROVISION_BYTES = 48; // key, then the counter floors: u64 in, u64 out
export const AUTH_VECTORS_PASS = 0xff; // authVectors(): every RFC 4231 check passed

// CONFIG sections (first payload byte of a CONFIG frame).
export const CONFIG_SENSOR = 0x01;
export const CONFIG_TRACKER = 0x02;
export const CONFIG_RESET = 0x03;
export const CONFIG_ASSET = 0x04;
export const CONFIG_FIRE_UNIT = 0x05;
export const CONFIG_DOCTRINE = 0x06;
export const CONFIG_LETHALITY = 0x07;
export const CONFIG_LOOKAHEAD = 0x08; // the value of a round: on/off, period, decoy share, work bound
export const CONFIG_FORECAST = 0x09; // one expected group of threats (the intelligence prior)
export const CONFIG_RESERVE = 0x0a; // one reserve rule: rounds of a unit kind kept for some threat classes
export const CONFIG_FORECAST_AIM = 0x0b; // the weight of one asset as the aim of one forecast group

// Threat classes (TRACKS class byte, Pk table order of a fire unit).
export const CLASS_UNKNOWN = 0;
export const CLASS_DRONE = 1;
export const CLASS_CRUISE = 2;
export const CLASS_BALLISTIC = 3;
export const CLASS_COUNT = 4;

// Fire-unit kinds (CONFIG/FIRE_UNIT).
export const UNIT_LONG_RANGE_SAM = 1;
export const UNIT_SHORT_RANGE_SAM = 2;
export const UNIT_GUN = 3; // mobile fire group, heavy machine guns
export const UNIT_INTERCEPTOR_DRONE = 4;
export const UNIT_EW = 5; // electronic warfare: no rounds spent, many channels

// Engagement states (THREATS frame).
export const ENGAGE_NONE = 0;
export const ENGAGE_ASSIGNED = 1; // order sent, interceptor not yet at the intercept point
export const ENGAGE_IN_FLIGHT = 2;
export const ENGAGE_ASSESSING = 3; // intercept time passed, waiting for kill assessment
export const ENGAGE_KILLED = 4;
export const ENGAGE_MISSED = 5; // may be re-engaged

// Sizes of the tracking CONFIG sections.
export const SENSOR_CONFIG_BYTES = 68;
export const TRACKER_CONFIG_BYTES = 40;

// Record sizes of the TEWA frames.
export const ASSET_CONFIG_BYTES = 24;
export const FIRE_UNIT_CONFIG_BYTES = 76;
/** FIRE_UNIT flags (offset 50): the launchers are refilled all at once, and only once empty. */
export const FIRE_UNIT_RELOAD_WHOLE = 1;
/** Largest DOCTRINE work bound of the per-cycle assignment: about 80 ms of search on a workstation (10⁸ held a
 *  step for 7.8 s). */
export const DOCTRINE_WORK_MAX = 1000000;
export const DOCTRINE_CONFIG_BYTES = 16;
export const LETHALITY_CONFIG_BYTES = 20;
export const LOOKAHEAD_CONFIG_BYTES = 16;
export const FORECAST_CONFIG_BYTES = 52;
export const RESERVE_CONFIG_BYTES = 8;
export const FORECAST_AIM_CONFIG_BYTES = 12;
export const MAX_FORECAST_GROUPS = 16; // CONFIG/FORECAST groups every board holds
export const EFFECTOR_BYTES = 16;
export const KILL_BYTES = 20;
export const ORDER_RECORD_BYTES = 48;
export const ORDERS_HEADER_BYTES = 12;
export const THREAT_RECORD_BYTES = 32;
export const THREATS_HEADER_BYTES = 14;

// Plot record kinds (PLOTS frame).
export const PLOT_POLAR = 0; // a = range m, b = azimuth rad (clockwise from north), c = elevation rad
export const PLOT_CARTESIAN = 1; // a, b, c = east, north, up metres in the battery frame
export const PLOT_RECORD_BYTES = 32;
export const PLOTS_HEADER_BYTES = 4;

// Track record (TRACKS frame).
export const TRACK_RECORD_BYTES = 48;
export const TRACKS_HEADER_BYTES = 14;
export const TRACK_TENTATIVE = 0;
export const TRACK_CONFIRMED = 1;
export const TRACK_COASTING = 2;

// ACK status codes (answer to CONFIG).
export const ACK_OK = 0;
export const ACK_BAD_SECTION = 1;
export const ACK_BAD_LENGTH = 2;
export const ACK_BAD_VALUE = 3;
export const ACK_NO_CAPACITY = 4;

// init() / ingest() status codes.
export const STATUS_OK = 0;

// stat(id) telemetry counters.
export const STAT_FRAMES_OK = 0;
export const STAT_CRC_ERRORS = 1;
export const STAT_FRAMING_ERRORS = 2; // COBS errors, oversize or truncated frames
export const STAT_BAD_FRAMES = 3; // good CRC, bad version/type/length
export const STAT_BYTES_IN = 4;
export const STAT_PLOTS_IN = 5;
export const STAT_PLOTS_DROPPED = 6; // plot pool full
export const STAT_TRACKS_DROPPED = 7; // track pool full: a plot that would start a track did not
export const STAT_TX_OVERFLOWS = 8; // output frames that did not fit the tx buffer
export const STAT_TRACKS_ACTIVE = 9;
export const STAT_TRACKS_CONFIRMED = 10;
export const STAT_TRACKS_CREATED = 11;
export const STAT_TRACKS_DELETED = 12;
export const STAT_PLOTS_ASSOCIATED = 13;
export const STAT_CLUSTERS = 14;
export const STAT_CLUSTERS_OVERSIZE = 15; // solved greedily: larger than the board's cluster limit
export const STAT_GATE_PAIRS = 16;
export const STAT_STEPS = 17;
export const STAT_HEAP_TOP = 18; // bump-allocator top: must not move after init
export const STAT_MEMORY_PAGES = 19;
export const STAT_LAST_TIME_MS = 20;
export const STAT_PLOTS_UNKNOWN_SENSOR = 21;
export const STAT_PLOTS_LATE = 22; // older than the last processed time by more than the tolerance: dropped
export const STAT_CONFIG_REJECTED = 23;
export const STAT_CAP_TRACKS = 24;
export const STAT_CAP_PLOTS = 25;
export const STAT_PRECISION_BYTES = 26; // 8 for the f64 build, 4 for the f32 build
export const STAT_CAP_CLUSTER = 27;
export const STAT_SEQ_GAPS = 28; // incoming sequence numbers skipped (frames lost on the link)
export const STAT_PLOTS_INVALID = 29; // non-finite or out-of-range plot fields
export const STAT_PAIRS_DROPPED = 30; // gated pairs beyond the pair pool
export const STAT_THREATS = 31; // confirmed tracks evaluated as threats this step
export const STAT_ORDERS = 32; // fire orders issued, in all
export const STAT_ROUNDS_FIRED = 33;
export const STAT_KILLS_REPORTED = 34;
export const STAT_WTA_OBJECTIVE = 35; // expected surviving value + λ·cost of this step's assignment
export const STAT_WTA_WORK = 36;
export const STAT_KILL_UNKNOWN = 37; // kill assessments for an unknown engagement
export const STAT_CAP_FIRE_UNITS = 38;
export const STAT_GATES_OFF_GRID = 39; // gate boxes beyond the coarse grid's integer cell range (checked by every plot)
export const STAT_COSTS_CLAMPED = 40; // non-finite assignment costs: an underflowed ln β per batch, a pair's −∞ clamped or NaN dropped
export const STAT_THREATS_NONFINITE = 41; // threat values that came out non-finite (extreme geometry or time), taken as 0
export const STAT_GATE_WORK = 42; // coarse-gate candidates examined, in all
export const STAT_PLOTS_UNGATED = 43; // plots left ungated: the pair pool was full or the batch's gate work at its bound
export const STAT_THREATS_TRUNCATED = 44; // threat records left out of THREATS for room (the least threatening), in all
export const STAT_LOOKAHEAD_RUNS = 45; // times the value of a round was recomputed
export const STAT_LOOKAHEAD_WORK = 46; // work of the last recomputation (price evaluations × units)
export const STAT_LOOKAHEAD_CUT = 47; // recomputations stopped by the work bound before the prices settled
export const STAT_LOOKAHEAD_GROUPS_DROPPED = 48; // demand groups beyond the board's look-ahead capacity
export const STAT_AUTH_FAILED = 49; // frames of an authenticated type refused: no trailer, cut short, or a wrong tag
export const STAT_AUTH_REPLAYED = 50; // authentic frames refused: counter not above the highest accepted
export const STAT_AUTH_KEYED = 51; // 1 with a key provisioned, 0 in development mode (unauthenticated frames accepted)
export const STAT_AUTH_COUNTER_IN = 52; // highest counter accepted from the host (exact below 2^53)
export const STAT_AUTH_COUNTER_OUT = 53; // last counter the firmware sent (exact below 2^53)
export const STAT_EFFECTOR_UNKNOWN = 54; // EFFECTOR reports for a fire unit never configured, refused
export const STAT_COUNT = 55;
