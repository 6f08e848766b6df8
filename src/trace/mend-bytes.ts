// The byte path's mender, for the cut lines a busy program's log holds most: a Go 1.19 gc or scav
// line that other output cut between two print arguments, at the start of its line, with its tail
// on the next line — or with nothing after it, the other output ending the line before the
// runtime's own newline. It reads the two lines on their bytes — where the head stopped
// (CutHead119, CutScavHead), the cuts from which the tail goes on (cutsBeforeTail), each reading
// from where the head stopped (their reading()) — and the reader scores the readings exactly as
// its text path does (EventReader.pushTailBytes). Anything else (a reading that no whole-line
// template reads, non-ASCII where app text is compared, a tail cut again) goes back to the text
// path, which stays the mender of every case and the oracle of this one in the tests.
import {type AppTextStart, appTextDistanceBytes} from './app-text-shape.js'
import {ChunkBytes} from './chunk-bytes.js'
import {CutHead119} from './gc-line.js'
import type {RuntimeLineFields} from './runtime-line.js'
import {CutScavHead} from './scavenger-line.js'
import {cutsBeforeTail, type Shape, templateShapes} from './tokens.js'

/** The templates of each `expected` list a head can have (a few constant lists), resolved once. */
const shapesOf = new WeakMap<readonly string[], readonly Shape[] | null>()

/** Where a cut line's head stopped, and the lines it makes with a tail (gc-line.ts CutHead119, scavenger-line.ts CutScavHead). */
interface CutHead {
  furthest: number
  expected: readonly string[]
  read(bytes: Uint8Array, start: number, end: number): 'cut' | 'whole' | undefined
  whole(): RuntimeLineFields
  /** The line whose text from `furthest` on is bytes[start, end), or undefined where the whole-line template does not read it. */
  reading(bytes: Uint8Array, start: number, end: number): RuntimeLineFields | undefined
}

/** A cut runtime line's head held in bytes, and the readings of it joined to a tail. One head at a time. */
export class HeldCutLine {
  /**
   * The head's bytes (ChunkBytes: a view of the chunk it came in until keep()). Places in the
   * head (furthest, cuts) count from head.from.
   */
  private readonly head = new ChunkBytes()
  private readonly gc = new CutHead119()
  private readonly scav = new CutScavHead()
  /** The head held: where it stopped and what reads it on. */
  private stop: CutHead = this.gc
  /**
   * A reading's text from where the head stopped: head[furthest, cut) then the tail. The tail is
   * copied once, at `tailAt`; each reading writes its few head bytes just before it.
   */
  private joined = Buffer.alloc(512)
  private tailAt = 0
  private tailEnd = 0
  /** The cuts worth trying, from cutsBefore; the reader's scratch for their bounds and their order. */
  readonly cuts: number[] = []
  readonly bounds: number[] = []
  readonly order: number[] = []
  held = false

  /**
   * Reads bytes[start, end), a line starting `gc ` or `scav ` that no whole-line template read:
   * 'cut', held for its tail; 'whole', a whole line and then other text (whole() is the line,
   * appText(furthest) the text), nothing held; undefined when the text path must read it.
   */
  hold(bytes: Buffer, start: number, end: number): 'cut' | 'whole' | undefined {
    const stop = bytes[start] === 0x67 ? this.gc : this.scav
    const kind = stop.read(bytes, start, end)
    if (kind === undefined) return undefined
    this.stop = stop
    this.head.view(bytes, start, end)
    this.held = kind === 'cut'
    return kind
  }

  /** The head held, copied out of its chunk when it is still a view of it (ChunkBytes.keep). */
  keep(): void {
    if (this.held) this.head.keep()
  }

  /** Where the head stopped: after 'whole', where the line ended and other text began. */
  get furthest(): number {
    return this.stop.furthest
  }

  /** After hold() said 'whole': the line. */
  whole(): RuntimeLineFields {
    return this.stop.whole()
  }

  /** The head as the text path decodes it: what it reads when the byte path gives the line back. */
  text(): string {
    return this.head.text()
  }

  /** The app text cut out of the head at `cut`, as the text path slices it (the bytes before a cut are ASCII). */
  appText(cut: number): string {
    return this.head.text(cut)
  }

  /**
   * Fills `cuts` with where the head can have been cut for tail[start, end) to go on, and takes
   * the tail for readingAt; false when the text path must decide.
   */
  cutsBefore(tail: Buffer, start: number, end: number): boolean {
    const {furthest, expected} = this.stop
    let shapes = shapesOf.get(expected)
    if (shapes === undefined) shapesOf.set(expected, (shapes = templateShapes(expected) ?? null))
    if (shapes === null || !cutsBeforeTail(shapes, this.head.bytes, this.head.from, furthest, this.head.end, tail, start, end, this.cuts) || this.cuts.length === 0) return false
    this.tailAt = (this.cuts[this.cuts.length - 1] as number) - furthest
    this.tailEnd = this.tailAt + end - start
    if (this.joined.length <= this.tailEnd) this.joined = Buffer.alloc(this.tailEnd * 2)
    tail.copy(this.joined, this.tailAt, start, end)
    // A newline after the tail, as after a line in its chunk: readings match up to it with no bound checked (tokens.ts endsLine).
    this.joined[this.tailEnd] = 0x0a
    this.gc.newTail(this.tailAt)
    return true
  }

  /** appTextDistance of the app text cut out at `cut`; NaN when the bytes cannot tell. */
  appTextDistance(cut: number, lastApp: AppTextStart | undefined): number {
    return appTextDistanceBytes(this.head.bytes, this.head.end, this.head.from + cut, lastApp)
  }

  /** The head is a Go 1.19 gc line's: its readings can be had as numbers (line119At). */
  get isGc(): boolean {
    return this.stop === this.gc
  }

  /**
   * A gc line's numbers (LINE_119_NUMBERS' order): after hold() said 'whole', the whole line's;
   * after line119At(), the reading's.
   */
  get gcNumbers(): Float64Array {
    return this.gc.numbers
  }

  /** readingAt for a gc head, without the cycle: whether the line was forced, its numbers in gcNumbers; undefined where line119 does not read it. */
  line119At(cut: number): boolean | undefined {
    return this.gc.readingNumbers(this.joined, this.joinAt(cut), this.tailEnd)
  }

  /** The line head[0, cut) + the tail, as the whole-line template of its kind reads it, or undefined. */
  readingAt(cut: number): RuntimeLineFields | undefined {
    return this.stop.reading(this.joined, this.joinAt(cut), this.tailEnd)
  }

  /** Writes head[furthest, cut) just before the tail in `joined`; where the reading's text starts there. */
  private joinAt(cut: number): number {
    const {furthest} = this.stop
    const from = this.tailAt - (cut - furthest)
    const {bytes: head, from: at} = this.head
    for (let i = furthest; i < cut; i++) this.joined[from + i - furthest] = head[at + i] as number
    return from
  }
}
