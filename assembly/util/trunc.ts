// Float-to-int conversion that never traps, from MVP operations only. The microcontroller builds leave
// out the non-trapping conversions (i32.trunc_sat_*; docs/boards.md), so a plain `<i32>x` traps on NaN
// or out of range there. truncSat gives exactly what i32.trunc_sat_f64_s gives (NaN -> 0, saturation at
// the i32 bounds), so every board computes the same bytes whichever form its build has.
@inline export function truncSat(x: f64): i32 {
  if (x != x) return 0;
  if (x >= 2147483648.0) return i32.MAX_VALUE;
  if (x <= -2147483649.0) return i32.MIN_VALUE;
  return <i32>x;
}
