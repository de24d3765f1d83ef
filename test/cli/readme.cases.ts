import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSessionCommands, renderPlanSessions } from '../../scripts/plan-session';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe("README's plan session", () => {
  test('shows a fleet plan, the comparison, a Jaeger plan, a diagram, the JSON contract and the data paths', () => {
    expect(planSessionCommands(readme)).toEqual([
      'plan --pattern hierarchical --clusters 200',
      'plan --compare --clusters 200',
      'plan --traces-per-second 12000',
      'plan --pattern hierarchical --clusters 200 --diagram mermaid',
      'plan --clusters 200 --budget 1600 --no-long-term-storage --format json',
      'plan --pattern hierarchical --clusters 20',
      'plan --pattern hierarchical --clusters 1000',
      'plan --traces-per-second 1000',
      'plan --traces-per-second 5000',
      'plan --traces-per-second 50000',
      'plan --pattern hierarchical --clusters 3 --coverage',
      'plan --pattern hierarchical --clusters 6 --clusters-per-region 2 --migrate-from flat',
      'plan --pattern hierarchical --clusters 5 --diff-from 4 --clusters-per-region 2 --sized-for 6',
      'plan --upgrade',
    ]);
  });

  test('is what the CLI prints today (run `npm run readme` after changing it)', () => {
    expect(renderPlanSessions(readme)).toBe(readme);
  });
});
