/* A Parapet firmware image for a Cortex-M machine of QEMU's MPS2 family: the board's module compiled
 * ahead of time to C by wasm2c (fw.c), this shim, and the wasm2c runtime of rt.c. No heap, no interrupts.
 *
 * UART0 carries the wire protocol (docs/wire-protocol.md), and nothing else: every byte received goes to
 * rxBuffer(); at each frame delimiter (0x00), or when rxCapacity() bytes are waiting, they go to ingest()
 * and its ACK bytes out; a frame that is a SCAN with the end-of-scan flag or a HEARTBEAT then runs
 * step(time) and sends its bytes, as `parapet run --serial` does on a host.
 * UART1 is a text console: at boot the start-up cost, bist() and benchRaid64() with their instruction
 * counts, the stack's high-water mark, then one line per step. Instruction counts come from the CMSDK
 * timer, which under QEMU's -icount shift=0 advances one tick per TIMER_NS_PER_TICK instructions; the image
 * calibrates it against a loop of known length at boot. */
#include <stdint.h>
#include <string.h>
#include "fw.h"

#ifndef BOARD_NAME
#error BOARD_NAME
#endif

/* CMSDK APB UART (ARM DDI 0479C, §4.2) and timer (§4.3), at the MPS2 addresses (AN385/AN500 §3.3). */
#define UART0 0x40004000u
#define UART1 0x40005000u
#define TIMER0 0x40000000u
#define REG(a) (*(volatile uint32_t*)(a))
#define UART_DATA 0x00
#define UART_STATE 0x04 /* bit 0 TX full, bit 1 RX full */
#define UART_CTRL 0x08  /* bit 0 TX enable, bit 1 RX enable */
#define UART_INTCLEAR 0x0C
#define UART_BAUDDIV 0x10
#define UART0_RX_IRQ 0 /* the MPS2 machines' UART0 receive and transmit interrupts (AN385 §3.9) */
#define UART0_TX_IRQ 1
#define TIMER_CTRL 0x00
#define TIMER_VALUE 0x04
#define TIMER_RELOAD 0x08

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _sstack, _estack;
int main(void);

/* ---- start-up ---- */
void reset_handler(void) {
#if defined(__ARM_FP)
  REG(0xE000ED88) |= 0xFu << 20; /* CPACR: CP10, CP11 full access, before any floating-point instruction */
  __asm volatile("dsb\n isb");
#endif
  uint32_t *s = &_sidata, *d = &_sdata;
  while (d < &_edata) *d++ = *s++;
  for (d = &_sbss; d < &_ebss; d++) *d = 0;
  /* Paint the stack below the current frame, for the high-water mark. */
  uint32_t* sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  for (d = &_sstack; d < sp - 16; d++) *d = 0x57ACC0DEu;
  main();
  for (;;) {}
}
static void say(const char* s);
static void say_hex(uint32_t v);
/* A fault (HardFault and the others): says so with the faulting PC from the stacked frame, then stops. */
static void fault_handler(void) {
  uint32_t* frame;
  __asm volatile("mrs %0, msp" : "=r"(frame));
  say("fault pc 0x"); say_hex(frame[6]); say("\n");
  for (;;) {}
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
  (void (*)(void))&_estack, reset_handler, fault_handler, fault_handler, fault_handler, fault_handler, fault_handler,
  0, 0, 0, 0, fault_handler, fault_handler, 0, fault_handler, fault_handler,
};

/* ---- UARTs and timer ---- */
static void uart_init(uint32_t u) {
  REG(u + UART_BAUDDIV) = 16; /* the smallest divider the CMSDK UART takes; QEMU does not pace bytes by it */
  REG(u + UART_CTRL) = 3;
}
static void uart_put(uint32_t u, uint8_t c) {
  /* UART0 waits asleep while its transmitter is full (the host side not reading yet), as uart_get does. */
  while (REG(u + UART_STATE) & 1u) if (u == UART0) __asm volatile("wfi");
  REG(u + UART_DATA) = c;
  if (u == UART0) {
    REG(u + UART_INTCLEAR) = 1u;            /* TX */
    REG(0xE000E280) = 1u << UART0_TX_IRQ;   /* NVIC ICPR0 */
  }
}
/* Waits for a byte asleep (WFI), so that QEMU's I/O runs meanwhile (a guest polling in a loop starves it
 * under -icount): the UART's RX and TX interrupts are enabled in the UART and the NVIC but masked by
 * PRIMASK, which still wakes WFI; their pending bits are cleared after each byte. */
static void uart_rx_wake_init(uint32_t u) {
  __asm volatile("cpsid i");
  REG(u + UART_CTRL) |= (1u << 3) | (1u << 2);                 /* RX and TX interrupt enable */
  REG(0xE000E100) = (1u << UART0_RX_IRQ) | (1u << UART0_TX_IRQ); /* NVIC ISER0 */
}
static int uart_get(uint32_t u) {
  while (!(REG(u + UART_STATE) & 2u)) __asm volatile("wfi");
  const int c = (int)(REG(u + UART_DATA) & 0xFFu);
  REG(u + UART_INTCLEAR) = 2u;            /* RX */
  REG(0xE000E280) = 1u << UART0_RX_IRQ;   /* NVIC ICPR0 */
  return c;
}
static void say(const char* s) { while (*s) uart_put(UART1, (uint8_t)*s++); }
static void say_u64(uint64_t v) {
  char b[24];
  int n = 0;
  do { b[n++] = (char)('0' + v % 10); v /= 10; } while (v && n < 24);
  while (n) uart_put(UART1, (uint8_t)b[--n]);
}
static void say_hex(uint32_t v) {
  for (int k = 28; k >= 0; k -= 4) uart_put(UART1, (uint8_t)"0123456789abcdef"[(v >> k) & 0xFu]);
}
static void say_kv(const char* k, uint64_t v) { say(" "); say(k); say(" "); say_u64(v); }

/* A free-running down-counter; the elapsed ticks since `t0` (wraps every 2^32 ticks). */
static uint32_t ticks(void) { return REG(TIMER0 + TIMER_VALUE); }
static uint32_t since(uint32_t t0) { return t0 - ticks(); }
static void timer_init(void) {
  REG(TIMER0 + TIMER_CTRL) = 0;
  REG(TIMER0 + TIMER_RELOAD) = 0xFFFFFFFFu;
  REG(TIMER0 + TIMER_VALUE) = 0xFFFFFFFFu;
  REG(TIMER0 + TIMER_CTRL) = 1;
}

/* Two instructions an iteration (subs, bne): the yardstick for ticks per instruction. */
static uint32_t calibrate(uint32_t iterations) {
  uint32_t t0 = ticks();
  __asm volatile(".syntax unified\n1: subs %0, %0, #1\n bne 1b" : "+l"(iterations) : : "cc");
  return since(t0);
}

/* ---- traps ---- */
static Z_fw_instance_t fw;
void parapet_trap(int code) {
  say("trap "); say_u64((uint64_t)code);
  say_kv("faultLine", *Z_fwZ_faultLine(&fw)); say("\n");
  for (;;) {}
}

/* ---- the wire loop ---- */
static uint8_t* mem(uint32_t addr) { return Z_fwZ_memory(&fw)->data + addr; }
static void send(uint32_t addr, int32_t len) {
  const uint8_t* p = mem(addr);
  for (int32_t i = 0; i < len; i++) uart_put(UART0, p[i]);
}

/* CRC-32C, reflected polynomial 0x82F63B78 (docs/wire-protocol.md). */
static uint32_t crc32c(const uint8_t* p, uint32_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (uint32_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
  }
  return ~c;
}

/* The step time a complete COBS frame body asks for (end-of-scan SCAN or HEARTBEAT), in *t; 0 if none. */
#define FRAME_MAX_WIRE 2060
static int step_time(const uint8_t* body, uint32_t n, double* t) {
  static uint8_t raw[FRAME_MAX_WIRE];
  uint32_t len = 0, i = 0;
  while (i < n) { /* COBS decode */
    uint32_t code = body[i++];
    if (code == 0 || i + code - 1 > n) return 0;
    for (uint32_t k = 1; k < code; k++) raw[len++] = body[i++];
    if (code < 0xFF && i < n) raw[len++] = 0;
  }
  if (len < 8) return 0;
  uint32_t crc;
  memcpy(&crc, raw + len - 4, 4);
  if (crc != crc32c(raw, len - 4) || raw[0] != 1) return 0;
  const uint8_t* payload = raw + 4;
  uint32_t plen = len - 8;
  if (raw[1] == 0x02 && plen == 16) { /* SCAN: flags u16 at 2, bit 1 end of scan; time f64 at 8 */
    if (!(payload[2] & 2u)) return 0;
    memcpy(t, payload + 8, 8);
    return 1;
  }
  if (raw[1] == 0x06 && plen == 8) { memcpy(t, payload, 8); return 1; } /* HEARTBEAT */
  return 0;
}

static void serve(void) {
  const uint32_t rx = Z_fwZ_rxBuffer(&fw), cap = Z_fwZ_rxCapacity(&fw);
  static uint8_t frame[FRAME_MAX_WIRE];
  uint32_t waiting = 0, flen = 0;
  int oversize = 0;
  uint64_t steps = 0;
  for (;;) {
    const uint8_t c = (uint8_t)uart_get(UART0);
    mem(rx)[waiting++] = c;
    if (c != 0 && flen < FRAME_MAX_WIRE) frame[flen++] = c;
    else if (c != 0) oversize = 1;
    if (c != 0 && waiting < cap) continue;
    const int32_t acks = Z_fwZ_ingest(&fw, waiting);
    waiting = 0;
    send(Z_fwZ_txBuffer(&fw), acks);
    if (c != 0) continue;
    double t;
    const int due = !oversize && step_time(frame, flen, &t);
    flen = 0;
    oversize = 0;
    if (!due) continue;
    const uint32_t t0 = ticks();
    const int32_t out = Z_fwZ_step(&fw, t);
    const uint32_t dt = since(t0);
    send(Z_fwZ_txBuffer(&fw), out);
    say("step"); say_kv("n", ++steps); say_kv("timeMs", (uint64_t)t); say_kv("ticks", dt);
    say_kv("tracks", (uint64_t)Z_fwZ_stat(&fw, 10)); say("\n");
  }
}

static uint32_t stack_high_water(void) {
  const uint32_t* p = &_sstack;
  while (p < &_estack && *p == 0x57ACC0DEu) p++;
  return (uint32_t)((uintptr_t)&_estack - (uintptr_t)p);
}

int main(void) {
  uart_init(UART0);
  uart_init(UART1);
  uart_rx_wake_init(UART0);
  timer_init();
  say("parapet " BOARD_NAME " boot\n");
  const uint32_t loop = 1000000;
  say("calibrate"); say_kv("insns", 2ull * loop); say_kv("ticks", calibrate(loop)); say("\n");
  uint32_t t0 = ticks();
  Z_fw_init_module();
  Z_fw_instantiate(&fw); /* the start function: init() */
  say("start"); say_kv("ticks", since(t0)); say("\n");
  t0 = ticks();
  const uint32_t bist = Z_fwZ_bist(&fw);
  say("bist"); say_kv("checksum", bist); say_kv("ticks", since(t0)); say("\n");
  t0 = ticks();
  const uint32_t raid = Z_fwZ_benchRaid64(&fw);
  say("benchRaid64"); say_kv("checksum", raid); say_kv("ticks", since(t0)); say_kv("scans", *Z_fwZ_BENCH_SCANS(&fw)); say("\n");
  Z_fwZ_init(&fw);
  say("stack"); say_kv("used", stack_high_water()); say_kv("size", (uintptr_t)&_estack - (uintptr_t)&_sstack); say("\n");
  say("ready\n");
  serve();
  return 0;
}
