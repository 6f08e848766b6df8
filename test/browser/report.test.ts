// The HTML files opened as a person opens them: in a real browser (Debian's chromium, driven by
// playwright-core), with every network request blocked and counted. Skipped, with a note, where
// /usr/bin/chromium is not installed (.ci/run installs it).
//
// GCTRACE_SCREENSHOT=1 also writes docs/images/report-seed-madvfree.png.
import test from 'ava'
import {execFile} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {type Browser, chromium, type Page} from 'playwright-core'

import {repoRoot, runBin} from '../helpers/paths.js'
import {INJECTED, injectedRecording} from '../report/injected-recording.js'

const CHROMIUM = '/usr/bin/chromium'
const tmp = mkdtempSync(join(tmpdir(), 'gctrace-browser-'))

function gctrace(args: string[], cwd?: string): Promise<{code: number; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [runBin, ...args], {maxBuffer: 64 * 1024 * 1024, cwd}, (error, _stdout, stderr) => resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stderr}))
  })
}

interface Opened {
  page: Page
  consoleErrors: string[]
  /** Requests other than the file itself: each was aborted. */
  blocked: string[]
  dialogs: string[]
  msToCharts: number
}

/** Opens `file` with the network blocked and waits until the page says its charts are drawn. */
async function open(browser: Browser, file: string, viewport = {width: 1280, height: 900}): Promise<Opened> {
  const page = await browser.newPage({viewport})
  const url = pathToFileURL(file).href
  const opened: Opened = {page, consoleErrors: [], blocked: [], dialogs: [], msToCharts: 0}
  page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => opened.consoleErrors.push(`uncaught: ${error.message}`))
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  page.on('request', (request) => {
    if (request.url() !== url) opened.blocked.push(request.url())
  })
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()))
  const started = Date.now()
  await page.goto(url)
  await page.waitForFunction(() => (globalThis as unknown as {gctraceReport?: {done: boolean}}).gctraceReport?.done === true, null, {timeout: 90_000})
  opened.msToCharts = Date.now() - started
  return opened
}

/** Items drawn by each chart's data marks (lines, areas, points, rules), from vega's scenegraph. */
function countMarks(page: Page): Promise<Record<string, Record<string, number>>> {
  return page.evaluate(() => {
    interface SceneItem {
      items?: SceneItem[]
      marktype?: string
      role?: string
    }
    const views = (globalThis as unknown as {gctraceReport: {views: Record<string, {scenegraph(): {root: SceneItem}}>}}).gctraceReport.views
    const out: Record<string, Record<string, number>> = {}
    for (const [id, view] of Object.entries(views)) {
      const counts: Record<string, number> = {}
      const walk = (node: SceneItem) => {
        if (node.marktype !== undefined && node.marktype !== 'group' && node.role === 'mark') counts[node.marktype] = (counts[node.marktype] ?? 0) + (node.items?.length ?? 0)
        for (const child of node.items ?? []) walk(child)
      }
      walk(view.scenegraph().root)
      out[id] = counts
    }
    return out
  })
}

if (!existsSync(CHROMIUM)) {
  test('browser tests', (t) => {
    t.log(`SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it). The HTML report was not opened in a browser.`)
    t.pass()
  })
} else {
  let browser: Browser
  test.before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  })
  test.after.always(async () => {
    await browser?.close()
  })

  test.serial('the report opens offline: no console errors, every chart draws its marks, no request leaves the page', async (t) => {
    const dir = injectedRecording()
    const out = join(tmp, 'report.html')
    const run = await gctrace(['report', dir, '-o', out])
    t.is(run.code, 0, run.stderr)
    const {page, consoleErrors, blocked, dialogs, msToCharts} = await open(browser, out)
    t.log(`charts drawn ${msToCharts} ms after navigation`)
    t.deepEqual(consoleErrors, [], 'no console errors (a CSP violation would be one)')
    t.deepEqual(blocked, [], 'no request left the page')
    t.deepEqual(await page.evaluate(() => (globalThis as unknown as {gctraceReport: {errors: string[]}}).gctraceReport.errors), [])
    const marks = await countMarks(page)
    t.deepEqual(Object.keys(marks).sort(), ['attribution', 'memory', 'pauses'])
    t.true((marks.memory?.line ?? 0) > 0, `memory lines: ${JSON.stringify(marks.memory)}`)
    t.true((marks.memory?.rule ?? 0) > 0, 'memory: markers and finding moments')
    t.true((marks.attribution?.area ?? 0) > 0, `attribution areas: ${JSON.stringify(marks.attribution)}`)
    t.true((marks.pauses?.symbol ?? 0) > 0 && (marks.pauses?.line ?? 0) > 0, `pauses: ${JSON.stringify(marks.pauses)}`)
    for (const id of ['memory', 'attribution', 'pauses']) t.is(await page.locator(`#chart-${id} canvas`).count(), 1, `${id} has its canvas`)

    // The app line is text on the page and never an element; its onerror never ran.
    t.true(((await page.textContent('body')) ?? '').includes(INJECTED))
    t.true(await page.locator('td.mono', {hasText: INJECTED}).first().isVisible())
    t.is(await page.locator('img').count(), 0)
    await page.waitForTimeout(300)
    t.deepEqual(dialogs, [], 'no alert() ran')

    // Tooltips: hovering the attribution chart shows every part at the nearest sample.
    const attribution = page.locator('#chart-attribution canvas')
    await attribution.scrollIntoViewIfNeeded()
    const area = await attribution.boundingBox()
    if (area !== null) {
      await page.mouse.move(area.x + area.width / 2, area.y + 150, {steps: 4})
      await page.mouse.move(area.x + area.width / 2 + 3, area.y + 152, {steps: 2})
    }
    await page.waitForSelector('#vg-tooltip-element.visible', {timeout: 5000}).catch(() => undefined)
    const tooltip = (await page.textContent('#vg-tooltip-element').catch(() => null)) ?? ''
    t.regex(tooltip, /time \(s\).*MADV_FREE, still resident \(MiB\)/s, `tooltip: ${tooltip}`)

    // Zoom: the wheel over the memory chart narrows its time axis.
    const domain = () => page.evaluate(() => (globalThis as unknown as {gctraceReport: {views: Record<string, {scale(name: string): {domain(): number[]}}>}}).gctraceReport.views.memory?.scale('x').domain())
    const before = (await domain()) as number[]
    await page.locator('#chart-memory canvas').scrollIntoViewIfNeeded()
    const box = await page.locator('#chart-memory canvas').boundingBox()
    if (box !== null) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3)
      await page.mouse.wheel(0, -400)
      await page.waitForTimeout(300)
    }
    const after = (await domain()) as number[]
    t.true((after[1] as number) - (after[0] as number) < (before[1] as number) - (before[0] as number), `zoomed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`)
    // And dragging pans it.
    if (box !== null) {
      await page.mouse.down()
      await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 3, {steps: 5})
      await page.mouse.up()
      await page.waitForTimeout(300)
    }
    const panned = (await domain()) as number[]
    t.true((panned[0] as number) < (after[0] as number), `panned: ${JSON.stringify(after)} → ${JSON.stringify(panned)}`)
    await page.close()
  })

  test.serial('a trace-only report (no samples) and the comparison open cleanly too', async (t) => {
    const traceOnly = join(tmp, 'trace-only.html')
    const compare = join(tmp, 'compare.html')
    const recordings = join(repoRoot, 'fixtures', 'recordings')
    t.is((await gctrace(['report', join(recordings, 'go1.19-stderr-splices', 'trace.log'), '-o', traceOnly])).code, 0)
    t.is((await gctrace(['compare', join(recordings, 'go1.19-seed-madvfree-10x256mb'), join(recordings, 'go1.19-seed-madvdontneed-10x256mb'), '--html', compare])).code, 0)
    for (const [file, charts] of [
      [traceOnly, ['memory', 'pauses']],
      [compare, ['memory']],
    ] as const) {
      const {page, consoleErrors, blocked, msToCharts} = await open(browser, file)
      t.log(`${file}: charts drawn ${msToCharts} ms after navigation`)
      t.deepEqual(consoleErrors, [], file)
      t.deepEqual(blocked, [], file)
      const marks = await countMarks(page)
      t.deepEqual(Object.keys(marks).sort(), [...charts])
      for (const id of charts) t.true(Object.values(marks[id] ?? {}).reduce((a, b) => a + b, 0) > 0, `${file} ${id}: ${JSON.stringify(marks[id])}`)
      await page.close()
    }
  })

  test.serial('the report of many processes opens cleanly: every process’s charts draw, file names stay text', async (t) => {
    const recordings = join(repoRoot, 'fixtures', 'recordings')
    const logs = join(tmp, 'fleet-logs')
    mkdirSync(logs)
    const xss = '<img src=x onerror=alert(1)>'
    copyFileSync(join(recordings, 'go1.19-leak', 'trace.log'), join(logs, `${xss}.log`))
    copyFileSync(join(recordings, 'go1.19-stderr-splices', 'trace.log'), join(logs, 'splices.log'))
    const out = join(tmp, 'fleet.html')
    const run = await gctrace(['report', join(recordings, 'go1.19-seed-madvfree-10x256mb'), join(recordings, 'go1.19-healthy-steady'), logs, '-o', out])
    t.is(run.code, 0, run.stderr)
    const {page, consoleErrors, blocked, dialogs, msToCharts} = await open(browser, out)
    t.log(`fleet: charts drawn ${msToCharts} ms after navigation`)
    t.deepEqual(consoleErrors, [], 'no console errors (a CSP violation would be one)')
    t.deepEqual(blocked, [], 'no request left the page')
    t.deepEqual(await page.evaluate(() => (globalThis as unknown as {gctraceReport: {errors: string[]}}).gctraceReport.errors), [])
    // Every chart the page carries drew marks: two recordings (3 charts each), two traces (2 each).
    const expected = await page.evaluate(() => {
      const doc = (globalThis as unknown as {document: {getElementById(id: string): {textContent: string | null} | null}}).document
      const data = JSON.parse(doc.getElementById('gctrace-data')?.textContent ?? '{}') as {charts: Record<string, unknown>}
      return Object.keys(data.charts).filter((key) => data.charts[key] !== null).sort()
    })
    t.is(expected.length, 3 + 3 + 2 + 2)
    const marks = await countMarks(page)
    t.deepEqual(Object.keys(marks).sort(), expected)
    for (const id of expected) {
      t.true(Object.values(marks[id] ?? {}).reduce((a, b) => a + b, 0) > 0, `${id}: ${JSON.stringify(marks[id])}`)
      t.is(await page.locator(`#chart-${id} canvas`).count(), 1, `${id} has its canvas`)
    }
    t.is(await page.locator('section.process').count(), 4)
    t.true(await page.locator('#fleet td.mono', {hasText: xss}).first().isVisible(), 'the file name is shown as text')
    t.is(await page.locator('img').count(), 0)
    await page.waitForTimeout(300)
    t.deepEqual(dialogs, [], 'no alert() ran')
    await page.close()
  })

  if (process.env.GCTRACE_SCREENSHOT === '1') {
    test.serial('screenshot of the seed-madvfree report for docs/report.md', async (t) => {
      const out = join(tmp, 'seed.html')
      t.is((await gctrace(['report', 'fixtures/recordings/go1.19-seed-madvfree-10x256mb', '-o', out], repoRoot)).code, 0)
      // The answer and the first two charts.
      const {page} = await open(browser, out, {width: 1240, height: 2950})
      mkdirSync(join(repoRoot, 'docs', 'images'), {recursive: true})
      await page.screenshot({path: join(repoRoot, 'docs', 'images', 'report-seed-madvfree.png')})
      await page.close()
      t.pass()
    })
  }
}
