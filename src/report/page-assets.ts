// The report page's own style and script. The script draws each chart from the JSON block with
// vega-embed, in CSP-safe mode (`ast: true`: vega evaluates expressions with its interpreter, so
// the page needs no 'unsafe-eval'), and leaves the views on window.gctraceReport for tests.

export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --soft: #f9fafb;
  --critical: #b91c1c; --warn: #b45309; --info: #0369a1; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1160px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h1 .input { font-weight: 400; color: var(--muted); font-size: 18px; word-break: break-all; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-top: 12px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
p.sub, .muted { color: var(--muted); }
nav { margin: 10px 0 0; font-size: 14px; }
nav a { margin-right: 14px; color: var(--info); text-decoration: none; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.mono { white-space: pre-wrap; word-break: break-all; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 14px; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: #374151; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; padding-right: 14px; }
.attribution { display: flex; flex-wrap: wrap; gap: 12px 40px; }
.attribution table { min-width: 460px; }
.bar { display: inline-block; height: 10px; background: #9467bd; border-radius: 2px; vertical-align: middle; }
.tag { font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; margin-left: 4px; }
ol.findings { padding-left: 0; list-style: none; counter-reset: finding; }
ol.findings > li { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 4px; padding: 10px 16px; margin: 12px 0; background: #fff; }
ol.findings > li.sev-warn { border-left-color: var(--warn); }
ol.findings > li.sev-critical { border-left-color: var(--critical); }
.sev { font-size: 12px; font-weight: 700; letter-spacing: .04em; padding: 1px 6px; border-radius: 3px; color: #fff; background: var(--info); margin-right: 6px; }
.sev-warn .sev { background: var(--warn); }
.sev-critical .sev { background: var(--critical); }
.finding-title { font-weight: 600; font-size: 16px; }
ul.advice { margin: 6px 0; padding-left: 20px; }
ul.advice li { margin: 3px 0; }
details { margin: 6px 0; }
summary { cursor: pointer; color: var(--info); font-size: 14px; }
.chart { margin: 8px 0 24px; min-height: 120px; width: 100%; overflow-x: auto; }
.chart-note { color: var(--muted); font-size: 14px; margin: 0 0 4px; }
.callout { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 8px 12px; }
@media print { nav, .vega-actions { display: none; } h2 { break-before: auto; } ol.findings > li { break-inside: avoid; } }
`

export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var report = { views: {}, errors: [], done: false, ready: null };
  window.gctraceReport = report;
  var data = JSON.parse(document.getElementById('gctrace-data').textContent);
  // The specs carry a plot width; fit it to the page before drawing (the axes take ~90 px).
  function fit(spec, width) {
    if (typeof spec.width === 'number') spec.width = width;
    (spec.vconcat || []).forEach(function (view) { if (typeof view.width === 'number') view.width = width; });
  }
  var jobs = Object.keys(data.charts).map(function (id) {
    var element = document.getElementById('chart-' + id);
    var spec = data.charts[id];
    if (!element || !spec) return Promise.resolve();
    fit(spec, Math.max(360, Math.min(1400, element.clientWidth - 90)));
    return vegaEmbed(element, spec, {
      ast: true,
      renderer: 'canvas',
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: 'gctrace-' + id
    }).then(function (result) {
      report.views[id] = result.view;
    }).catch(function (error) {
      report.errors.push(id + ': ' + error.message);
      element.textContent = 'This chart could not be drawn: ' + error.message;
      console.error(error);
    });
  });
  report.ready = Promise.all(jobs).then(function () {
    report.done = true;
    document.documentElement.setAttribute('data-charts', report.errors.length === 0 ? 'drawn' : 'failed');
  });
})();
`
