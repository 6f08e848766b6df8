#!/usr/bin/env node
// Runs the compiled commands like run.js, but with oclif's development settings
// (stack traces on errors, no manifest cache). Build first: npm run build.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
