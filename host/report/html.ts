// The page around the report: one self-contained HTML file, inline CSS, no scripts, fonts or URLs.
import { esc } from './format.ts';

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { margin-bottom: .3em; }
table.figures { border-collapse: collapse; margin-bottom: 1em; }
table.figures th, table.figures td { border: 1px solid #ddd; padding: 2px 8px; }
table.figures td { text-align: right; font-variant-numeric: tabular-nums; }
table.figures th[scope=row] { text-align: left; font-weight: normal; }
td.run { text-align: left; color: #555; } td.absent { color: #999; text-align: center; }
p.note { color: #8a5a00; background: #fff7e0; padding: .3em .6em; border-left: 3px solid #d08c00; }
figure { margin: 1em 0; overflow-x: auto; } figcaption { color: #555; }
dl.runs { display: grid; grid-template-columns: max-content auto; gap: 0 1em; } dl.runs dt { font-weight: bold; }
`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}

export const note = (text: string): string => `<p class="note">${esc(text)}</p>`;

export const figure = (svg: string, caption: string): string => `<figure>\n${svg}\n<figcaption>${esc(caption)}</figcaption>\n</figure>`;
