/* The wasm2c runtime of a Parapet firmware image: static memory only (no malloc, no mmap, no signal
 * handlers). wasm2c's generated code checks every linear-memory access against the memory's size
 * (WASM_RT_MEMCHECK_SIGNAL_HANDLER 0, the default on a 32-bit target) and calls wasm_rt_trap on a fault.
 * The linear memory is one array in the section .linear, which the linker script places in the board's
 * region for it (boards/<board>.json memoryMap.linearMemory). */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include "wasm-rt.h"

#ifndef LINEAR_PAGES
#error LINEAR_PAGES: the board's memoryPages
#endif
#define PAGE 65536u
#define MAX_TYPES 64
#define MAX_PARAMS 12
#define TABLE_SLOTS 8

static uint8_t linear[LINEAR_PAGES * PAGE] __attribute__((section(".linear"), aligned(8)));
static wasm_rt_funcref_t table_slots[TABLE_SLOTS];

struct func_type { uint32_t params, results; wasm_rt_type_t types[MAX_PARAMS + 1]; };
static struct func_type types[MAX_TYPES];
static uint32_t type_count;

uint32_t wasm_rt_call_stack_depth;
uint32_t wasm_rt_saved_call_stack_depth;
jmp_buf wasm_rt_jmp_buf;

/* Provided by the image (shim.c): reports the trap and stops, as a watchdog would. */
extern void parapet_trap(int code) __attribute__((noreturn));

void wasm_rt_trap(wasm_rt_trap_t code) { parapet_trap((int)code); }
void wasm_rt_init(void) {}
bool wasm_rt_is_initialized(void) { return true; }
void wasm_rt_free(void) {}

uint32_t wasm_rt_register_func_type(uint32_t param_count, uint32_t result_count, ...) {
  struct func_type t;
  memset(&t, 0, sizeof t);
  if (param_count + result_count > MAX_PARAMS + 1) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  t.params = param_count;
  t.results = result_count;
  va_list ap;
  va_start(ap, result_count);
  for (uint32_t i = 0; i < param_count + result_count; i++) t.types[i] = (wasm_rt_type_t)va_arg(ap, int);
  va_end(ap);
  for (uint32_t i = 0; i < type_count; i++)
    if (memcmp(&types[i], &t, sizeof t) == 0) return i + 1;
  if (type_count >= MAX_TYPES) wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
  types[type_count++] = t;
  return type_count;
}

void wasm_rt_allocate_memory(wasm_rt_memory_t* memory, uint32_t initial_pages, uint32_t max_pages) {
  if (initial_pages != LINEAR_PAGES || max_pages != LINEAR_PAGES) wasm_rt_trap(WASM_RT_TRAP_OOB);
  memset(linear, 0, sizeof linear);
  memory->data = linear;
  memory->pages = initial_pages;
  memory->max_pages = max_pages;
  memory->size = initial_pages * PAGE;
}

/* The module's memory is pinned (initial = maximum): growing fails, as in every other engine. */
uint32_t wasm_rt_grow_memory(wasm_rt_memory_t* memory, uint32_t delta) {
  return delta == 0 ? memory->pages : (uint32_t)-1;
}
void wasm_rt_free_memory(wasm_rt_memory_t* memory) { (void)memory; }

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t* table, uint32_t elements, uint32_t max_elements) {
  if (elements > TABLE_SLOTS) wasm_rt_trap(WASM_RT_TRAP_OOB);
  memset(table_slots, 0, sizeof table_slots);
  table->data = table_slots;
  table->size = elements;
  table->max_size = max_elements;
}
void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t* table) { (void)table; }
