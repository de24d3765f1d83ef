import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadme, snippetRefs } from '../scripts/snippets';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  test('shows the two commands for a fresh machine exactly as CI runs them', () => {
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm ci && npm test');
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    expect(ci).toContain('npm ci');
    expect(ci).toContain('npm test');
  });

  test('code blocks are the example code CI compiles (run `npm run readme` after changing an example)', () => {
    expect(snippetRefs(readme)).toEqual(
      expect.arrayContaining([
        'examples/readme/memory.ts#readme-memory',
        'examples/pulumi/index.ts#readme-pulumi',
      ]),
    );
    expect(renderReadme(root, readme)).toBe(readme);
  });
});
