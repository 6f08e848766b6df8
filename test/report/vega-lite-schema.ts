// Vega-Lite's own JSON schema (shipped in the vega-lite package), compiled once with ajv: every
// spec gctrace writes is checked against it, as vega-lite's examples test checks its own.
import {Ajv, type ValidateFunction} from 'ajv'
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

let validate: ValidateFunction | undefined

export function validateVegaLite(spec: unknown): string[] {
  if (validate === undefined) {
    const build = dirname(fileURLToPath(import.meta.resolve('vega-lite')))
    const schema = JSON.parse(readFileSync(join(build, 'vega-lite-schema.json'), 'utf8')) as object
    // strict: false — the schema uses keywords ajv's strict mode rejects; formats (uri) are not checked.
    validate = new Ajv({allErrors: false, strict: false, validateFormats: false}).compile(schema)
  }
  if (validate(spec)) return []
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
}

