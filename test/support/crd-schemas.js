// The openAPIV3Schema of every CRD version in ../shared/crds, keyed `group/version/Kind`. Parsing the 4 MB of CRD
// YAML took ~0.4 s of CPU, and each of the ~10 jest files that validate custom resources did it again (jest gives
// every test file its own module registry). test/support/global-setup.js parses them once per run into a JSON file
// in the run's temporary directory; the workers read that (JSON.parse is ~20× faster) and parse the YAML themselves
// only when run without the global setup.
const { existsSync, readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseAllDocuments } = require('yaml');
const { SHARED_DIR } = require('./probes');

const CRD_DIR = join(SHARED_DIR, 'crds');
const CACHE_FILE = 'crd-schemas.json';

/** @returns {Record<string, Record<string, unknown>>} */
function parseCrdSchemas() {
  const schemas = {};
  for (const dir of readdirSync(CRD_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(CRD_DIR, dir.name))
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      // ECK ships a full and an installed form; the installed one is what the API server enforces.
      if (file.endsWith('.full.yaml')) continue;
      for (const doc of parseAllDocuments(readFileSync(join(CRD_DIR, dir.name, file), 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const v of crd.spec.versions) {
          const schema = v.schema?.openAPIV3Schema;
          if (schema) schemas[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = schema;
        }
      }
    }
  }
  return schemas;
}

/** Parses the CRDs into the run's temporary directory `dir`; nothing when ../shared is absent. */
function cacheCrdSchemas(dir) {
  if (existsSync(CRD_DIR)) writeFileSync(join(dir, CACHE_FILE), JSON.stringify(parseCrdSchemas()));
}

/** The schemas: from the run's cache when there is one, else parsed here. */
function loadCrdSchemas() {
  const cached = process.env.OC_TEST_TMPDIR && join(process.env.OC_TEST_TMPDIR, CACHE_FILE);
  return cached && existsSync(cached) ? JSON.parse(readFileSync(cached, 'utf8')) : parseCrdSchemas();
}

module.exports = { CRD_DIR, cacheCrdSchemas, loadCrdSchemas };
