// globalSetup of the `cli` jest project: compiles the package once (`npm run build`'s tsc) so the tests can run
// build/lib/cli/main.js as a process, the way `npx observability-constructs` does.
const { execFileSync } = require('node:child_process');

module.exports = function buildOnce(_globalConfig, projectConfig) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: projectConfig.rootDir,
    stdio: 'inherit',
  });
};
