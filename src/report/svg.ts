// A Vega-Lite spec drawn as SVG in Node, with no browser: vega-lite compiles it to Vega, vega's
// View renders the scene headlessly (renderer 'none') and serialises it. vega and vega-lite are
// imported lazily: they cost ~0.5 s to load, which only `chart --format svg` pays.
import type {VegaLiteSpec} from './charts.js'

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')])
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec
  const view = new vega.View(vega.parse(compiled), {renderer: 'none'})
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
