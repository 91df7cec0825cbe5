// libFuzzer harness of the exact firmware: a board's .wasm compiled to C by wasm2c (fuzz/run.ts), run
// natively under AddressSanitizer and UBSan. The module is instantiated once; every input then starts from
// init() (the firmware just started, as the ABI promises) and drives it through rxBuffer()/ingest() (in
// chunks of at most rxCapacity()) and step() on a scan clock (1 s a scan), at most MAX_STEPS steps an
// input. The firmware is not changed in any way; only the harness gives the input a shape, in two modes
// chosen by the input's first byte:
//   - even: a serial line's byte stream as it is, cut into scans at each empty frame (two 0x00 in a row, a
//     flush the protocol allows); mutations here mostly exercise the deframer (COBS, CRC, lengths);
//   - odd: records. 0x00 (or 0x03): end of scan, step. 0x01 len16 bytes: a raw frame (version, type, seq,
//     payload) that the harness closes with its CRC-32C and COBS-encodes, as the host would: mutations
//     reach every field of every frame type with a valid CRC. 0x02 len16 bytes: bytes fed as they are.
//   fuzz/replay.ts reads both modes the same way in Node.
//
// Invariants after every call (a violation aborts, so libFuzzer reports the input):
//   - no trap: a trap is a finding. It is counted and printed; it aborts unless PARAPET_FUZZ_KEEP_GOING=1,
//     in which case the instance is freed and instantiated afresh (as the host does) and the run goes on;
//   - ingest() and step() return a byte count within memory, never −1 for a valid length or a finite time;
//   - the heap top (stat 18) and the memory size (stat 19) stay what they were after start-up;
//   - bytesIn (stat 4) counts every byte fed since init(), steps (stat 17) every step;
//   - the frame counters (framesOk + crcErrors + framingErrors + badFrames) never exceed the number of
//     frame delimiters fed, and the track pool never holds more than its capacity.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm-rt.h"
#include "wasm-rt-impl.h"
#include "firmware.h"

#define MAX_STEPS 8

enum { STAT_FRAMES_OK = 0, STAT_CRC_ERRORS = 1, STAT_FRAMING_ERRORS = 2, STAT_BAD_FRAMES = 3, STAT_BYTES_IN = 4,
       STAT_TRACKS_ACTIVE = 9, STAT_STEPS = 17, STAT_HEAP_TOP = 18, STAT_MEMORY_PAGES = 19, STAT_CAP_TRACKS = 24 };

static Z_firmware_instance_t fw;
static int ready = 0;
static double heapTop, pages, capTracks;
static uint32_t rxPtr, rxCap, txPtr;
static unsigned long long traps = 0, inputs = 0;
static int keepGoing = 0;

static void fail(const char *what, double got, double want) {
  fprintf(stderr, "parapet-fuzz: invariant broken: %s (got %.17g, expected %.17g)\n", what, got, want);
  abort();
}

static double stat(uint32_t id) { return Z_firmwareZ_stat(&fw, id); }
static void crcInit(void);

static void instantiate(void) {
  Z_firmware_instantiate(&fw);
  rxPtr = Z_firmwareZ_rxBuffer(&fw);
  rxCap = (uint32_t)Z_firmwareZ_rxCapacity(&fw);
  txPtr = Z_firmwareZ_txBuffer(&fw);
}

static void setup(void) {
  wasm_rt_init();
  Z_firmware_init_module();
  instantiate();
  heapTop = stat(STAT_HEAP_TOP);
  pages = stat(STAT_MEMORY_PAGES);
  capTracks = stat(STAT_CAP_TRACKS);
  crcInit();
  keepGoing = getenv("PARAPET_FUZZ_KEEP_GOING") != NULL && strcmp(getenv("PARAPET_FUZZ_KEEP_GOING"), "1") == 0;
  ready = 1;
}

static void checkTx(int32_t n, const char *what) {
  wasm_rt_memory_t *mem = Z_firmwareZ_memory(&fw);
  if (n < 0) fail(what, n, 0);
  if ((uint64_t)txPtr + (uint64_t)n > mem->size) fail("transmit bytes beyond memory", n, mem->size - txPtr);
}

static void checkStats(double bytesFed, double delimiters) {
  if (stat(STAT_HEAP_TOP) != heapTop) fail("heap top moved", stat(STAT_HEAP_TOP), heapTop);
  if (stat(STAT_MEMORY_PAGES) != pages) fail("memory size changed", stat(STAT_MEMORY_PAGES), pages);
  if (stat(STAT_BYTES_IN) != bytesFed) fail("bytesIn", stat(STAT_BYTES_IN), bytesFed);
  double frames = stat(STAT_FRAMES_OK) + stat(STAT_CRC_ERRORS) + stat(STAT_FRAMING_ERRORS) + stat(STAT_BAD_FRAMES);
  if (!(frames <= delimiters)) fail("frames counted beyond the delimiters fed", frames, delimiters);
  if (!(stat(STAT_TRACKS_ACTIVE) <= capTracks)) fail("tracks beyond capacity", stat(STAT_TRACKS_ACTIVE), capTracks);
}

static double fed, delimiters;
static int steps;

static void feed(const uint8_t *data, size_t n) {
  wasm_rt_memory_t *mem = Z_firmwareZ_memory(&fw);
  for (size_t off = 0; off < n; off += rxCap) {
    size_t len = n - off < rxCap ? n - off : rxCap;
    memcpy(mem->data + rxPtr, data + off, len);
    for (size_t k = 0; k < len; k++) delimiters += data[off + k] == 0;
    int32_t got = (int32_t)Z_firmwareZ_ingest(&fw, (uint32_t)len);
    fed += (double)len;
    checkTx(got, "ingest() returned -1 for a valid length");
    checkStats(fed, delimiters);
  }
}

static void scanEnd(void) {
  if (steps >= MAX_STEPS) return;
  steps++;
  int32_t n = (int32_t)Z_firmwareZ_step(&fw, 1000.0 * steps);
  checkTx(n, "step() returned -1 for a finite time");
  checkStats(fed, delimiters);
  if (stat(STAT_STEPS) != steps) fail("steps counter", stat(STAT_STEPS), steps);
}

static uint32_t crcTable[256];
static void crcInit(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    crcTable[i] = c;
  }
}
static uint32_t crc32c(const uint8_t *d, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = crcTable[(c ^ d[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

#define MAX_RECORD 2200 /* past the 2048-byte frame limit, so oversize frames are made too */
/** The raw frame `body` closed with its CRC-32C, COBS-encoded and delimited, fed to the firmware. */
static void feedFrame(const uint8_t *body, size_t n) {
  static uint8_t raw[MAX_RECORD + 4], wire[MAX_RECORD + 4 + MAX_RECORD / 254 + 16];
  memcpy(raw, body, n);
  uint32_t c = crc32c(body, n);
  for (int k = 0; k < 4; k++) raw[n + k] = (uint8_t)(c >> (8 * k));
  // COBS as host/link/cobs.ts encodes it (a full block that ends the data gets no empty block after it).
  size_t rn = n + 4, o = 1, codeAt = 0;
  uint8_t code = 1;
  for (size_t i = 0; i < rn; i++) {
    uint8_t b = raw[i];
    if (b != 0) { wire[o++] = b; code++; }
    if (b == 0 || code == 0xFF) {
      wire[codeAt] = code;
      code = 1;
      codeAt = o;
      if (b == 0 || i < rn - 1) o++;
    }
  }
  if (codeAt < o) wire[codeAt] = code;
  size_t w = o;
  wire[w++] = 0;
  feed(wire, w);
}

static void run(const uint8_t *data, size_t size) {
  if (Z_firmwareZ_init(&fw) != 0) fail("init() status", 1, 0);
  fed = 0; delimiters = 0; steps = 0;
  checkStats(0, 0);
  if (size == 0) { scanEnd(); return; }
  if ((data[0] & 1) == 0) {
    size_t scanStart = 1;
    for (size_t i = 1; i <= size; i++) {
      if (i < size && !(data[i] == 0 && data[i - 1] == 0 && i > scanStart)) continue;
      size_t end = i == size ? size : i + 1;
      feed(data + scanStart, end - scanStart);
      scanStart = end;
      scanEnd();
    }
    return;
  }
  size_t i = 1;
  while (i < size) {
    uint8_t tag = data[i++] & 3;
    if (tag == 0 || tag == 3) { scanEnd(); continue; }
    size_t len = 0;
    if (i < size) len = data[i++];
    if (i < size) len |= (size_t)data[i++] << 8;
    if (len > MAX_RECORD) len = MAX_RECORD;
    if (len > size - i) len = size - i;
    if (tag == 1) feedFrame(data + i, len); else feed(data + i, len);
    i += len;
  }
  scanEnd();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ready) setup();
  inputs++;
  wasm_rt_trap_t code = wasm_rt_impl_try();
  if (code == WASM_RT_TRAP_NONE) {
    run(data, size);
    return 0;
  }
  traps++;
  uint32_t line = *Z_firmwareZ_faultLine(&fw);
  fprintf(stderr, "parapet-fuzz: firmware trapped: %s (assertion line %u), trap %llu of %llu inputs\n",
          wasm_rt_strerror(code), line, traps, inputs);
  if (!keepGoing) abort();
  // As the host does after a trap: the instance is never called again, a fresh one takes its place.
  Z_firmware_free(&fw);
  instantiate();
  return 0;
}
