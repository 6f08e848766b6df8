// HTML built so that text cannot become markup: every value put into the `html` template is
// escaped unless it is itself a piece built by `html` (or marked `trusted` by this module's own
// callers). App lines in a trace can hold anything — `<img src=x onerror=…>` included — and the
// report quotes some of them.

const SAFE = Symbol('safe html')

export interface SafeHtml {
  readonly [SAFE]: true
  readonly text: string
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[]

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

const ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** Markup from a template: interpolated values are escaped; arrays are joined; null, undefined and false are nothing. */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] as string
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] as string)
  })
  return trusted(out)
}

/** Markup this program wrote itself (scripts, styles): never call it on text from the input. */
export function trusted(text: string): SafeHtml {
  return {[SAFE]: true, text}
}

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return ''
  if (Array.isArray(value)) return value.map((v) => render(v as Value)).join('')
  if (typeof value === 'object' && SAFE in value) return (value as SafeHtml).text
  return escapeHtml(String(value))
}

/**
 * JSON for a `<script type="application/json">` block: `<` is written \u003c, so no text in the
 * data can close the element or open a comment; U+2028/2029 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** JavaScript source made safe to sit inside a <script> element (no `</script`, no `<!--`). */
export function scriptForHtml(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')
}
