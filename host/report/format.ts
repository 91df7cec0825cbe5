// Text in the report: HTML escaping and numbers as the tables print them.

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** How a figure is printed: the value times `scale`, with `digits` decimals, then `suffix`. */
export interface NumberFormat { scale: number; digits: number; suffix: string }

export const COUNT: NumberFormat = { scale: 1, digits: 0, suffix: '' };
export const MONEY: NumberFormat = { scale: 1, digits: 0, suffix: '' };
export const RATIO: NumberFormat = { scale: 1, digits: 4, suffix: '' };
export const PERCENT: NumberFormat = { scale: 100, digits: 2, suffix: ' %' };
export const METRES: NumberFormat = { scale: 1, digits: 1, suffix: ' m' };
export const SQUARE_METRES: NumberFormat = { scale: 1, digits: 0, suffix: ' m²' };
export const MS_AS_S: NumberFormat = { scale: 0.001, digits: 1, suffix: ' s' };
export const CYCLES: NumberFormat = { scale: 1, digits: 1, suffix: '' };
export const MS: NumberFormat = { scale: 1, digits: 3, suffix: ' ms' };

/** Thousands separated by a narrow no-break space. */
function grouped(s: string): string {
  const [int, frac] = s.split('.');
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return frac === undefined ? g : `${g}.${frac}`;
}

export function formatNumber(v: number | null, f: NumberFormat): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  return grouped((v * f.scale).toFixed(f.digits)) + f.suffix;
}
