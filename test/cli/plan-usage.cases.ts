import { HINT, cli, cliIn, inScratchDir } from './run';

describe('bad arguments: a clear message on stderr, nothing on stdout, exit code 2', () => {
  test.each([
    [
      ['plan'],
      'error: plan needs --clusters <n> (a fleet of application clusters) or --traces-per-second <n> (a Jaeger installation)',
    ],
    [
      ['plan', '--pattern', 'mesh', '--clusters', '200'],
      "error: option '--pattern <name>' argument 'mesh' is invalid. Allowed choices are hierarchical, receive, hybrid, federation.",
    ],
    [
      ['plan', '--clusters', '200.5'],
      "error: option '--clusters <n>' argument '200.5' is invalid. It must be a whole number from 1 to 5000.",
    ],
    [
      ['plan', '--clusters', 'two-hundred'],
      "error: option '--clusters <n>' argument 'two-hundred' is invalid. It must be a whole number from 1 to 5000.",
    ],
    [
      ['plan', '--clusters', '0'],
      "error: option '--clusters <n>' argument '0' is invalid. It must be a whole number from 1 to 5000.",
    ],
    [
      ['plan', '--clusters', '200', '--clusters-per-region', '60'],
      "error: option '--clusters-per-region <n>' argument '60' is invalid. It must be a whole number from 1 to 50: the reference design finds a query degrades past 50 endpoints.",
    ],
    [
      ['plan', '--clusters', '200', '--format', 'yaml'],
      "error: option '--format <format>' argument 'yaml' is invalid. Allowed choices are table, markdown, json.",
    ],
    [
      ['plan', '--clusters', '200', '--diagram', 'graphviz'],
      "error: option '--diagram <format>' argument 'graphviz' is invalid. Allowed choices are mermaid.",
    ],
    [
      ['plan', '--traces-per-second', 'many'],
      "error: option '--traces-per-second <n>' argument 'many' is invalid. It must be a number of at least 0.",
    ],
    [
      ['plan', '--compare', '--pattern', 'receive', '--clusters', '200'],
      "error: option '--compare' cannot be used with option '--pattern <name>'",
    ],
    [
      ['plan', '--clusters', '200', '--traces-per-second', '12000'],
      "error: option '--traces-per-second <n>' cannot be used with option '--clusters <n>'",
    ],
    [
      ['plan', '--clusters', '200', '--diagram', 'mermaid', '--format', 'json'],
      "error: option '--diagram <format>' cannot be used with option '--format <format>'",
    ],
    [['plan', '--pattern', 'receive'], "error: option '--pattern <name>' needs --clusters <n>"],
    [
      ['plan', '--clusters', '200', '--budget', '1000'],
      'error: recommendPattern \'recommendPattern\': \'requirements\' rule out every pattern (hierarchical (D1): hierarchical costs about $2637/month, over the $1000 budget | receive (D2): receive costs about $3132/month, over the $1000 budget | hybrid (D3): hybrid costs about $4207/month, over the $1000 budget | federation (D4): federation keeps no long-term storage (no object store); federation costs about $1521/month, over the $1000 budget) (got {"longTermStorage":true,"budgetUsdPerMonth":1000,"clusters":200}); relax the budget, the query hops or the isolation requirement',
    ],
    [['plan', '--clusters', '200', '--regions', '4'], "error: unknown option '--regions'"],
    [['deploy'], "error: unknown command 'deploy'"],
  ])('%j', (args, message) => {
    const run = cli(...args);
    expect([run.status, run.stdout, run.stderr]).toEqual([2, '', `${message}\n${HINT}`]);
  });

  test('no command: the usage, on stderr', () => {
    const run = cli();
    expect([run.status, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toMatch(/^Usage: observability-constructs \[options\] \[command\]/);
  });

  test('an --out that cannot be written: exit code 1, no usage hint', () => {
    inScratchDir((dir) => {
      const run = cliIn(dir, 'plan', '--clusters', '3', '--out', 'no-such-dir/plan.txt');
      expect([run.status, run.stdout]).toEqual([1, '']);
      expect(run.stderr).toMatch(/^error: cannot write 'no-such-dir\/plan.txt': ENOENT[^\n]*\n$/);
    });
  });
});

describe('--help', () => {
  test('of the program lists plan', () => {
    const run = cli('--help');
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^Usage: observability-constructs \[options\] \[command\]/);
    expect(run.stdout).toContain(
      'plan [options]  capacity report, pattern recommendation and topology diagram',
    );
  });

  test('of plan lists every option, the examples and the exit codes', () => {
    const run = cli('plan', '--help');
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^Usage: observability-constructs plan \[options\]/);
    for (const option of [
      '--clusters <n>',
      '--clusters-per-region <n>',
      '--pattern <name>',
      '--compare',
      '--diagram <format>',
      '--budget <usd>',
      '--max-query-hops <n>',
      '--no-long-term-storage',
      '--cluster-isolation',
      '--traces-per-second <n>',
      '--format <format>',
      '--out <file>',
    ]) {
      expect(run.stdout).toContain(`  ${option} `);
    }
    expect(run.stdout).toContain('$ observability-constructs plan --traces-per-second 12000');
    expect(run.stdout).toContain(
      'Exit codes: 0 the plan was written, 1 --out could not be written, 2 bad arguments.',
    );
    expect(cli('help', 'plan').stdout).toBe(run.stdout);
  });

  test('--version prints the package version', () => {
    const run = cli('--version');
    expect([run.status, run.stdout]).toEqual([0, `${require('../../package.json').version}\n`]);
  });
});
