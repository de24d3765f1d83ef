import { CLI_NAME, runCli } from '../lib/cli/program';

/**
 * The README's `plan` session is the CLI's real output. A block in the README reads:
 *
 *   <!-- plan: plan --clusters 200 -->
 *
 *   ```console
 *   $ npx observability-constructs plan --clusters 200
 *   ...what it prints...
 *   ```
 *
 *   <!-- /plan -->
 *
 * A `console` block shows the command and its output; any other language (`mermaid`) the output alone, so GitHub
 * renders it. `npm run readme` refreshes the blocks and a test fails when they drift.
 */
const BLOCK = /<!-- plan: ([^>]+?) -->\n\n?```(\w+)\n[\s\S]*?```\n\n?<!-- \/plan -->/g;

/** What the CLI prints for `args` (split on spaces); a failing command is an error. */
export function planOutput(args: string): string {
  let stdout = '';
  let stderr = '';
  const code = runCli(args.split(/\s+/), {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    writeFile: () => {
      throw new Error('README sessions do not write files');
    },
  });
  if (code !== 0) throw new Error(`'${CLI_NAME} ${args}' exited with ${code}: ${stderr}`);
  return stdout;
}

/** The README with every plan block refreshed from a run of the CLI. */
export function renderPlanSessions(readme: string): string {
  return readme.replace(BLOCK, (_all, args: string, lang: string) => {
    const output = planOutput(args);
    const body = lang === 'console' ? `$ npx ${CLI_NAME} ${args}\n${output}` : output;
    return `<!-- plan: ${args} -->\n\n\`\`\`${lang}\n${body}\`\`\`\n\n<!-- /plan -->`;
  });
}

/** The commands of a README's plan blocks. */
export function planSessionCommands(readme: string): string[] {
  return [...readme.matchAll(BLOCK)].map((m) => m[1] as string);
}
