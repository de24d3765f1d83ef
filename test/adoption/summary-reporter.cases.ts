const SummaryReporter = require('../support/summary-reporter.js');

describe('the closing summary says why tests were skipped', () => {
  test('counts, then one line per reason from the skipped block titles, sorted', () => {
    const pending = (ancestorTitles: string[]) => ({ status: 'pending', ancestorTitles, title: 't' });
    const results = {
      numPassedTests: 5,
      numFailedTests: 0,
      numPendingTests: 3,
      numTodoTests: 0,
      testResults: [
        {
          testResults: [
            pending(['CRD schema validation (skipped: /x/shared is absent; it holds the reference schemas)']),
            pending(['promtool (skipped: promtool is not installed)', 'inner']),
            { status: 'passed', ancestorTitles: [], title: 'ok' },
          ],
        },
        { testResults: [pending(['promtool (skipped: promtool is not installed)'])] },
      ],
    };
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    try {
      new SummaryReporter().onRunComplete(undefined, results);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toBe(
      '\n5 passed, 0 failed, 3 skipped\n' +
        '  1 skipped: /x/shared is absent; it holds the reference schemas\n' +
        '  2 skipped: promtool is not installed\n',
    );
  });
});
