// Horizontal flight paths: straight legs joined by coordinated turns. A coordinated turn at constant
// speed v and turn rate ω is a circular arc of radius v/ω, so a route through turn points becomes a
// polyline whose corners are replaced by arcs tangent to both legs ("fly-by" turn points). The path is
// parameterised by distance flown, which makes a threat's position an exact function of time (no
// numerical integration, hence nothing that depends on the simulation step).
//
// Coordinates are east/north metres; headings are handled as unit vectors (east, north).
import { hypot2 } from '../hypot.ts';

export interface Point2 {
  e: number;
  n: number;
}

interface Line {
  kind: 'line';
  start: number; // distance along the path at the segment's start, m
  length: number;
  from: Point2;
  dir: Point2; // unit vector
}

interface Arc {
  kind: 'arc';
  start: number;
  length: number;
  centre: Point2;
  radius: number;
  angle0: number; // angle of the entry point seen from the centre, rad (atan2(north, east))
  sign: 1 | -1; // +1 turning left (counter-clockwise seen from above), −1 turning right
}

export interface PathSample {
  e: number;
  n: number;
  /** Unit vector of the direction of flight. */
  de: number;
  dn: number;
  /** Signed curvature, 1/m (positive turning left); 0 on straight legs. */
  curvature: number;
}

export class FlightPath {
  readonly length: number;
  /** The largest curvature on the path, 1/m: v·maxCurvature is the highest turn rate flown at speed v. */
  readonly maxCurvature: number;

  private constructor(private readonly segments: (Line | Arc)[]) {
    const last = segments[segments.length - 1];
    this.length = last.start + last.length;
    this.maxCurvature = Math.max(0, ...segments.map((s) => (s.kind === 'arc' ? 1 / s.radius : 0)));
  }

  /**
   * A path through `points` (at least two, consecutive points distinct) whose corners are turned on arcs
   * of radius `turnRadius`. When a corner's arc does not fit in half of each adjacent leg the radius of
   * that corner alone shrinks to fit (a tighter turn than asked); routes are generated so this is rare.
   */
  static through(points: readonly Point2[], turnRadius: number): FlightPath {
    const pts = points.filter((p, i) => i === 0 || hypot2(p.e - points[i - 1].e, p.n - points[i - 1].n) > 1e-6);
    if (pts.length < 2) throw new Error('a flight path needs two distinct points');
    const legs = pts.slice(1).map((p, i) => {
      const de = p.e - pts[i].e;
      const dn = p.n - pts[i].n;
      const len = hypot2(de, dn);
      return { len, dir: { e: de / len, n: dn / len } };
    });
    const segments: (Line | Arc)[] = [];
    let cursor = pts[0];
    let s = 0;
    const line = (to: Point2): void => {
      const de = to.e - cursor.e;
      const dn = to.n - cursor.n;
      const len = hypot2(de, dn);
      if (len > 1e-9) segments.push({ kind: 'line', start: s, length: len, from: cursor, dir: { e: de / len, n: dn / len } });
      s += len;
      cursor = to;
    };
    for (let k = 1; k < pts.length - 1; k++) {
      const a = legs[k - 1].dir;
      const b = legs[k].dir;
      const cross = a.e * b.n - a.n * b.e;
      const dot = a.e * b.e + a.n * b.n;
      const turn = Math.atan2(cross, dot); // signed heading change at this corner, rad
      if (Math.abs(turn) < 1e-9) continue;
      const half = Math.tan(Math.abs(turn) / 2);
      const tangent = Math.min(turnRadius * half, legs[k - 1].len / 2, legs[k].len / 2);
      const radius = tangent / half;
      const v = pts[k];
      const entry = { e: v.e - a.e * tangent, n: v.n - a.n * tangent };
      const sign: 1 | -1 = turn > 0 ? 1 : -1;
      // The centre lies on the normal of the incoming leg, on the inside of the turn.
      const centre = { e: entry.e - sign * a.n * radius, n: entry.n + sign * a.e * radius };
      line(entry);
      const length = radius * Math.abs(turn);
      segments.push({ kind: 'arc', start: s, length, centre, radius, angle0: Math.atan2(entry.n - centre.n, entry.e - centre.e), sign });
      s += length;
      cursor = { e: v.e + b.e * tangent, n: v.n + b.n * tangent };
    }
    line(pts[pts.length - 1]);
    return new FlightPath(segments);
  }

  /** Position and direction after flying distance `s` (clamped to the path). */
  at(s: number): PathSample {
    const d = Math.min(Math.max(s, 0), this.length);
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid].start <= d) lo = mid;
      else hi = mid - 1;
    }
    const seg = this.segments[lo];
    const u = d - seg.start;
    if (seg.kind === 'line') return { e: seg.from.e + seg.dir.e * u, n: seg.from.n + seg.dir.n * u, de: seg.dir.e, dn: seg.dir.n, curvature: 0 };
    const th = seg.angle0 + (seg.sign * u) / seg.radius;
    const c = Math.cos(th);
    const sn = Math.sin(th);
    return { e: seg.centre.e + seg.radius * c, n: seg.centre.n + seg.radius * sn, de: -seg.sign * sn, dn: seg.sign * c, curvature: seg.sign / seg.radius };
  }
}
