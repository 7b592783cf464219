// Replaces (or appends) the section between `<!-- name:begin -->` and
// `<!-- name:end -->` in docs/benchmarks.md.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repoRoot.mjs';

export function writeBenchmarkSection(name, markdown) {
  const file = path.join(repoRoot, 'docs/benchmarks.md');
  const section = `<!-- ${name}:begin -->\n${markdown.trim()}\n<!-- ${name}:end -->`;
  let doc = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmarks\n\nMeasured by the scripts in bench/, stock Backstage side by side with the IDP Platform in the same run. Timings are never test assertions.\n';
  const pattern = new RegExp(`<!-- ${name}:begin -->[\\s\\S]*<!-- ${name}:end -->`);
  doc = pattern.test(doc)
    ? doc.replace(pattern, () => section)
    : `${doc.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, doc);
  console.log(section);
}
