// Lines and fields of delimited text, split by hand: a plain String.split for the usual line, and
// a small scanner only for lines that hold a quote. Sample files can have a million rows, so
// nothing here runs a regular expression per row.

/** The separators a sample CSV may use. */
export type Delimiter = ',' | '\t' | ';'

const QUOTE = 0x22

/** The lines of `text` without their `\n` or `\r\n`; a leading byte-order mark is dropped. */
export function textLines(text: string): string[] {
  return withoutCarriageReturns((text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n'))
}

/**
 * textLines of a text read in pieces (a file decoded as it is read, its byte-order mark already
 * dropped): each piece gives the lines it ends, end() the last one — the same lines, in order.
 */
export class TextLineBreaker {
  private carry = ''

  push(piece: string): string[] {
    const cut = piece.lastIndexOf('\n')
    // A piece inside one long line (a Prometheus response is one line) is only added on, not split again.
    if (cut < 0) {
      this.carry += piece
      return []
    }
    const lines = (this.carry + piece.slice(0, cut)).split('\n')
    this.carry = piece.slice(cut + 1)
    return withoutCarriageReturns(lines)
  }

  end(): string[] {
    return withoutCarriageReturns([this.carry])
  }
}

function withoutCarriageReturns(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.charCodeAt(line.length - 1) === 0x0d) lines[i] = line.slice(0, -1)
  }
  return lines
}

/** The separator of a header line: a tab if there is one, else whichever of `;` and `,` is more common outside quotes. */
export function detectDelimiter(header: string): Delimiter {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (let i = 0; i < header.length; i++) {
    const c = header[i]
    if (c === '"') quoted = !quoted
    else if (quoted) continue
    else if (c === '\t') return '\t'
    else if (c === ',') commas++
    else if (c === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

/** The fields of one line. Quoted fields follow RFC 4180 (`""` is a quote); a field never spans lines. */
export function splitFields(line: string, delimiter: Delimiter): string[] {
  if (line.indexOf('"') < 0) return line.split(delimiter)
  const fields: string[] = []
  let i = 0
  for (;;) {
    let field = ''
    if (line.charCodeAt(i) === QUOTE) {
      i++
      for (;;) {
        const close = line.indexOf('"', i)
        if (close < 0) {
          // An unterminated quote: the rest of the line is the field.
          field += line.slice(i)
          i = line.length
          break
        }
        field += line.slice(i, close)
        i = close + 1
        if (line.charCodeAt(i) !== QUOTE) break
        field += '"'
        i++
      }
    }
    // Text after a closing quote, or an unquoted field: up to the next separator.
    const end = line.indexOf(delimiter, i)
    field += line.slice(i, end < 0 ? line.length : end)
    fields.push(field)
    if (end < 0) return fields
    i = end + 1
  }
}

/**
 * One row's fields, found without copying them: numbers are read where they stand, so a row of
 * seven numbers makes no strings at all. Lines with a quote go through splitFields instead.
 */
export class DelimitedRow {
  /** How many fields the row has. */
  count = 0
  private line = ''
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  private quoted: string[] | null = null

  constructor(
    private readonly delimiter: Delimiter,
    private readonly decimalComma: boolean,
  ) {}

  /** Makes `line` the current row. */
  set(line: string): void {
    this.line = line
    if (line.indexOf('"') >= 0) {
      this.quoted = splitFields(line, this.delimiter)
      this.count = this.quoted.length
      return
    }
    this.quoted = null
    let from = 0
    let n = 0
    for (;;) {
      const end = line.indexOf(this.delimiter, from)
      this.starts[n] = from
      this.ends[n] = end < 0 ? line.length : end
      n++
      if (end < 0) break
      from = end + 1
    }
    this.count = n
  }

  /** Field `i` as text; undefined past the last field. */
  text(i: number): string | undefined {
    if (i >= this.count) return undefined
    return this.quoted === null ? this.line.slice(this.starts[i], this.ends[i]) : this.quoted[i]
  }

  /** Field `i` as a finite number; NaN when missing, blank or not a number. */
  number(i: number): number {
    if (i >= this.count) return Number.NaN
    if (this.quoted !== null) return readNumber(this.quoted[i], this.decimalComma)
    return numberIn(this.line, this.starts[i] as number, this.ends[i] as number, this.decimalComma)
  }
}

/** A finite number, or NaN for text that is empty, blank or not a number. `decimalComma` reads `1,5` as 1.5. */
export function readNumber(text: string | undefined, decimalComma = false): number {
  return text === undefined ? Number.NaN : numberIn(text, 0, text.length, decimalComma)
}

// Digits beyond this may not fit a double exactly; such numbers go to Number().
const MAX_EXACT_DIGITS = 15

/**
 * The number in text[from, to). Plain decimals (`-12.5`, `311.465`) are read digit by digit: the
 * digits as one integer, divided once by a power of ten, which rounds exactly as Number() does.
 * Anything else (exponents, hex, other blanks) is left to Number().
 */
function numberIn(text: string, from: number, to: number, decimalComma: boolean): number {
  while (from < to && text.charCodeAt(from) === 0x20) from++
  while (to > from && text.charCodeAt(to - 1) === 0x20) to--
  if (from === to) return Number.NaN
  let i = from
  const sign = text.charCodeAt(i)
  if (sign === 0x2d || sign === 0x2b) i++
  let value = 0
  let digits = 0
  let scale = 1
  for (; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30
    if (d < 0 || d > 9) break
    value = value * 10 + d
    digits++
  }
  const point = text.charCodeAt(i)
  if (i < to && (point === 0x2e || (decimalComma && point === 0x2c))) {
    for (i++; i < to; i++) {
      const d = text.charCodeAt(i) - 0x30
      if (d < 0 || d > 9) break
      value = value * 10 + d
      scale *= 10
      digits++
    }
  }
  if (i === to && digits > 0 && digits <= MAX_EXACT_DIGITS) return (sign === 0x2d ? -value : value) / scale
  return slowNumber(text.slice(from, to), decimalComma)
}

function slowNumber(text: string, decimalComma: boolean): number {
  const value = Number(decimalComma && text.indexOf(',') >= 0 ? text.replace(',', '.') : text)
  // Number() reads blank text as 0: a blank field is not a zero.
  if (value === 0 && text.trim().length === 0) return Number.NaN
  return Number.isFinite(value) ? value : Number.NaN
}
