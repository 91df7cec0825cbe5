// Scalar maths on the board's `real` type (f64 on boards with a double FPU, f32 elsewhere).
// The branches are resolved at compile time; NativeMath/NativeMathf keep the module import-free and
// bit-identical across engines.
import { real } from "./board";

// @ts-ignore: decorator
@inline export function rsqrt(x: real): real { return sqrt<real>(x); }
// @ts-ignore: decorator
@inline export function rabs(x: real): real { return abs<real>(x); }

export function rlog(x: real): real {
  if (sizeof<real>() == 4) return <real>Mathf.log(<f32>x);
  return <real>Math.log(<f64>x);
}
export function rexp(x: real): real {
  if (sizeof<real>() == 4) return <real>Mathf.exp(<f32>x);
  return <real>Math.exp(<f64>x);
}
/** sin and cos of one angle with one argument reduction, into rsinOut and rcosOut; bit-identical to
 *  Math.sin and Math.cos (the same kernels and reduction). The f32 build keeps the two calls. */
export let rsinOut: real = 0;
export let rcosOut: real = 0;
export function rsincos(x: real): void {
  if (sizeof<real>() == 4) {
    rsinOut = <real>Mathf.sin(<f32>x);
    rcosOut = <real>Mathf.cos(<f32>x);
    return;
  }
  NativeMath.sincos(<f64>x);
  rsinOut = <real>NativeMath.sincos_sin;
  rcosOut = <real>NativeMath.sincos_cos;
}
export function rtan(x: real): real {
  if (sizeof<real>() == 4) return <real>Mathf.tan(<f32>x);
  return <real>Math.tan(<f64>x);
}
export function ratan2(y: real, x: real): real {
  if (sizeof<real>() == 4) return <real>Mathf.atan2(<f32>y, <f32>x);
  return <real>Math.atan2(<f64>y, <f64>x);
}
