// A Vega-Lite chart rendered to an SVG string in Node (no browser, no canvas), ready to be inlined in HTML.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

let charts = 0;

/**
 * The chart's SVG. The namespace attributes go (an <svg> inside HTML needs none, and the page holds no
 * URL), and element ids get a prefix of their own so two charts' clip paths cannot collide.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const prefix = `c${++charts}-`;
  return svg
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/(xlink:)?href="#([^"]+)"/g, (_, x: string | undefined, id: string) => `${x ?? ''}href="#${prefix}${id}"`);
}
