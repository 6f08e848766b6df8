// What the report, chart and compare commands say to the user about a failure, in one place so
// that tests can assert the exact words (the rest of gctrace's messages are in src/messages.ts).

export const reportMessages = {
  attributionNeedsSamples: () => 'the attribution chart needs memory samples: give --rss FILE, or a recording folder',
  cannotReadBundles: (error: unknown) => `cannot read the vega bundles to inline (is node_modules complete?): ${(error as Error).message}`,
}
