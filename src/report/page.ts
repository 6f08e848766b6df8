// The frame every gctrace HTML file shares (the report, the comparison): the CSP, the style, the
// charts' data as JSON, the inlined vega bundles and the script that draws the charts.
import {createHash} from 'node:crypto'

import type {Bundle} from './bundles.js'
import type {VegaLiteSpec} from './charts.js'
import {html, jsonForScript, type SafeHtml, scriptForHtml} from './html-safe.js'
import {PAGE_SCRIPT, PAGE_STYLE} from './page-assets.js'

export interface Page {
  title: string
  /** The page's content, built with html`…`. */
  body: SafeHtml
  /** Charts to draw into the elements with id `chart-KEY`; null ones are skipped. */
  charts: Record<string, VegaLiteSpec | null>
}

/**
 * The whole file. Scripts run only by hash (no 'unsafe-inline', no 'unsafe-eval': vega runs in
 * its interpreter mode); default-src 'none' leaves no way to fetch, connect, frame or load fonts.
 */
export function renderPage(page: Page, bundles: Bundle[]): string {
  const data = jsonForScript({charts: page.charts})
  const scripts = [...bundles.map((b) => scriptForHtml(b.source)), PAGE_SCRIPT]
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  // Scripts last: the tables can be read before a megabyte of vega is parsed.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${html`${page.title}`.text}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${page.body.text}
<script type="application/json" id="gctrace-data">${data}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`
}
