// The viewer's index of what happens at a moment rather than per cycle: engagements (in flight from firing
// to intercept), kills and leaks, each list sorted by time with its times as a column, so that what is in
// flight or has happened by t is a binary search. Shared by the server's and the live worker's FrameIndex
// and by the replay page, which holds a copy (GET /api/events).

export interface Engagement { engagement: string; unit: string; trackNumber: number; threatId: number | null; result: string; firedMs: number; interceptMs: number; point: { x: number; y: number; z?: number } }
export interface Marker { timeMs: number; threatId: number | null; x: number; y: number; unit?: string; class?: string }

/** Index of the last element ≤ v (−1 when none); `a` ascending. */
export function lastAtOrBefore(a: ArrayLike<number>, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] <= v) lo = mid + 1; else hi = mid; }
  return lo - 1;
}
/** Index of the first element ≥ v (a.length when none); `a` ascending. */
export function firstAtOrAfter(a: ArrayLike<number>, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Small (a Kyiv night has 1 515 engagements and 550 outcomes): the replay page holds a copy and a frame
 *  from the server carries only the counts. */
export interface Events { engagements: Engagement[]; kills: Marker[]; leaks: Marker[] }

export class EventIndex implements Events {
  /** Sorted by firing time, with the times as a column for the search. */
  readonly engagements: Engagement[] = [];
  readonly kills: Marker[] = [];
  readonly leaks: Marker[] = [];
  private readonly firedMs: number[] = [];
  private readonly killMs: number[] = [];
  private readonly leakMs: number[] = [];
  private longestFlightMs = 0;

  static of(e: Events): EventIndex {
    const ix = new EventIndex();
    for (const x of e.engagements) ix.addEngagement(x);
    for (const k of e.kills) ix.addKill(k);
    for (const l of e.leaks) ix.addLeak(l);
    return ix;
  }

  addEngagement(e: Engagement): void {
    insertByTime(this.engagements, this.firedMs, e, e.firedMs);
    this.longestFlightMs = Math.max(this.longestFlightMs, e.interceptMs - e.firedMs);
  }
  addKill(m: Marker): void { insertByTime(this.kills, this.killMs, m, m.timeMs); }
  addLeak(m: Marker): void { insertByTime(this.leaks, this.leakMs, m, m.timeMs); }

  /** Engagements in flight at t (fired at or before t, intercept after t), kills and leaks so far. */
  at(t: number): Events {
    const engagements: Engagement[] = [];
    const last = lastAtOrBefore(this.firedMs, t);
    for (let k = firstAtOrAfter(this.firedMs, t - this.longestFlightMs); k <= last; k++) {
      if (t < this.engagements[k].interceptMs) engagements.push(this.engagements[k]);
    }
    return { engagements, kills: this.kills.slice(0, lastAtOrBefore(this.killMs, t) + 1), leaks: this.leaks.slice(0, lastAtOrBefore(this.leakMs, t) + 1) };
  }
}

/** Appends in time order; the logs are written in time order, so normally at the end. */
function insertByTime<T>(list: T[], times: number[], item: T, t: number): void {
  const i = lastAtOrBefore(times, t) + 1;
  list.splice(i, 0, item);
  times.splice(i, 0, t);
}
