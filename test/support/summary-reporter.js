// Prints the closing line CI counts: "N passed, N failed, N skipped", then why tests were skipped: every skipped
// test sits in a block whose title says why ("(skipped: …)"), so the count only changes with the environment.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const reasons = new Map();
    for (const file of results.testResults ?? []) {
      for (const test of file.testResults ?? []) {
        if (test.status !== 'pending' && test.status !== 'todo') continue;
        const titled = [...(test.ancestorTitles ?? []), test.title].find((t) => t.includes('(skipped: '));
        const reason = titled ? titled.slice(titled.indexOf('(skipped: ') + 10, -1) : 'no reason given';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    const why = [...reasons.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reason, count]) => `  ${count} skipped: ${reason}\n`)
      .join('');
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n${why}`,
    );
  }
}
module.exports = SummaryReporter;
