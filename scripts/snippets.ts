import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * README code blocks are cut from example files that CI compiles, so the README cannot drift from working code.
 * A block in the README reads:
 *
 *   <!-- snippet: examples/file.ts#region-name -->
 *   ```ts
 *   ...
 *   ```
 *   <!-- /snippet -->
 *
 * and the example marks the lines with `// #region region-name` … `// #endregion region-name`.
 */
const BLOCK = /<!-- snippet: ([^#\s]+)#([\w-]+) -->\n\n?```(\w+)\n[\s\S]*?```\n\n?<!-- \/snippet -->/g;

/** The lines of a region of a source file, dedented. */
export function extractRegion(root: string, file: string, region: string): string {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === `// #region ${region}`);
  const end = lines.findIndex((l) => l.trim() === `// #endregion ${region}`);
  if (start < 0 || end < start) throw new Error(`${file}: no region '${region}'`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return body.map((l) => l.slice(indent)).join('\n');
}

/** The README with every snippet block refreshed from its example. */
export function renderReadme(root: string, readme: string): string {
  return readme.replace(BLOCK, (_all, file: string, region: string, lang: string) => {
    // Blank lines around the fence, as Prettier writes them.
    return `<!-- snippet: ${file}#${region} -->\n\n\`\`\`${lang}\n${extractRegion(root, file, region)}\n\`\`\`\n\n<!-- /snippet -->`;
  });
}

/** The snippet references of a README. */
export function snippetRefs(readme: string): string[] {
  return [...readme.matchAll(BLOCK)].map((m) => `${m[1]}#${m[2]}`);
}
