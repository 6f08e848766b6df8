// How app text starts, for reading a runtime line that other output cut: the app text cut out at
// a candidate cut should look like the app lines seen so far, and a digit run split between the
// runtime text and the app text is suspect (numbers are written whole). One answer for a head
// held as text (read-events.ts) and one held as bytes (mend-bytes.ts), equal wherever the bytes
// can say it.

/** How many leading characters sameShapeAt compares. */
const SHAPE_LENGTH = 5

/**
 * How unlike an app line's start the text cut out at `cut` is. Numbers are written whole, so a digit run
 * split between runtime text and app text (`0.02` + `5worker …`, `0` + `.15worker …`) is suspect — unless app lines
 * seen before start the same way (`2026/11/25 …` after `gc 8172`), past any stamp a tool put
 * before every line.
 */
export function appTextDistance(text: string, cut: number, lastApp: string | undefined): number {
  if (cut === text.length) return 0
  if (lastApp !== undefined && sameShapeAt(text, cut, lastApp)) return 0
  let score = lastApp === undefined ? 0 : 0.5
  if (isDigit(text.charCodeAt(cut - 1)) && numberContinuesAt(text, cut)) score += 2
  return score
}

/**
 * How the last app line starts, as sameShapeAt compares it: how many characters it compares
 * (SHAPE_LENGTH at most) and their classes. Worked out once for every cut of a head held as bytes.
 */
export class AppTextStart {
  length = 0
  readonly classes = new Uint16Array(SHAPE_LENGTH)

  /** The start of `text`. */
  setText(text: string): this {
    this.length = Math.min(text.length, SHAPE_LENGTH)
    for (let i = 0; i < this.length; i++) this.classes[i] = charClass(text.charCodeAt(i))
    return this
  }

  /**
   * The start of the text bytes[start, end) decode to (not empty); false where its first bytes
   * are not all ASCII (then decode them and use setText).
   */
  setBytes(bytes: Uint8Array, start: number, end: number): boolean {
    // ASCII bytes are as many characters: SHAPE_LENGTH of them, or all there are.
    const length = Math.min(end - start, SHAPE_LENGTH)
    for (let i = 0; i < length; i++) {
      const code = bytes[start + i] as number
      if (code >= 0x80) return false
      this.classes[i] = charClass(code)
    }
    this.length = length
    return true
  }
}

/**
 * appTextDistance for a head held as bytes, head[0, end), cut at `cut` (every byte before a
 * cut is ASCII: it matched a template), the last app line's start worked out (AppTextStart).
 * NaN where the bytes cannot say what the decoded text would: a byte ≥ 0x80 among those compared
 * with the last app line.
 */
export function appTextDistanceBytes(head: Uint8Array, end: number, cut: number, lastApp: AppTextStart | undefined): number {
  if (cut === end) return 0
  if (lastApp !== undefined) {
    // With ASCII there, the text has as many characters there as the bytes have bytes.
    const length = Math.min(end - cut, SHAPE_LENGTH)
    for (let i = 0; i < length; i++) if ((head[cut + i] as number) >= 0x80) return Number.NaN
    if (length === lastApp.length && sameClassesBytes(head, cut, lastApp.classes, length)) return 0
  }
  let score = lastApp === undefined ? 0 : 0.5
  if (isDigit(head[cut - 1] as number) && (isDigit(head[cut] as number) || (head[cut] === 0x2e && cut + 1 < end && isDigit(head[cut + 1] as number)))) score += 2
  return score
}

/**
 * How long the start of `text` is that has the shape of `prefix` (same length, same character
 * classes: `2026/11/25 10:00:02.000002 ` for `2026/11/25 10:00:01.000001 `), or 0.
 */
export function linePrefixLength(prefix: string, text: string): number {
  return text.length >= prefix.length && sameClasses(prefix, text, prefix.length) ? prefix.length : 0
}

/** Whether text from `i` would continue a number: `5…`, `.15…`. */
function numberContinuesAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  return isDigit(c) || (c === 0x2e && isDigit(text.charCodeAt(i + 1)))
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/** A character's class for sameShapeAt: digits alike, ASCII letters alike, anything else itself. */
function charClass(code: number): number {
  if (code >= 0x30 && code <= 0x39) return 0x39
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return 0x61
  return code
}

/** Whether `length` characters of `a` from `from` and the first of `b` are of the same classes. */
function sameClasses(a: string, b: string, length: number, from = 0): boolean {
  for (let i = 0; i < length; i++) if (charClass(a.charCodeAt(from + i)) !== charClass(b.charCodeAt(i))) return false
  return true
}

/** sameClasses for ASCII bytes of `a` from `from`, against classes worked out before. */
function sameClassesBytes(a: Uint8Array, from: number, classes: Uint16Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (charClass(a[from + i] as number) !== classes[i]) return false
  return true
}

/** Whether `a` from `from` and `b` start alike, as character classes: `2026/11/25 …` and `2027/01/02 …` do, `026/1…` does not. */
function sameShapeAt(a: string, from: number, b: string): boolean {
  const length = Math.min(a.length - from, SHAPE_LENGTH)
  return length === Math.min(b.length, SHAPE_LENGTH) && sameClasses(a, b, length, from)
}
