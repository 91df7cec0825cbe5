// Euclidean norms that give the same bits on every JavaScript engine. Math.hypot is not required to be
// correctly rounded, and V8 versions differ in its last bit (Node's and Chromium's do); √ of the sum of
// squares uses only operations IEEE 754 rounds exactly, so a run replayed in a browser (parapet view
// --live) matches the Node run byte for byte. Overflow is no concern at the magnitudes simulated here.
export function hypot2(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}

export function hypot3(a: number, b: number, c: number): number {
  return Math.sqrt(a * a + b * b + c * c);
}
