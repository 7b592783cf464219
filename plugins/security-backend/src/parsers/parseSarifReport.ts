import { InputError } from '@backstage/errors';
import {
  NormalizedFinding,
  Severity,
} from '@idp-platform/backstage-plugin-idp-common';
import { z } from 'zod';
import { formatJsonPath, JsonPath } from './formatJsonPath';
import { parseItem } from './parseItem';
import { readJsonItems } from './readJsonItems';
import { ReportParser } from './ReportParser';
import { resolveSeverity } from './resolveSeverity';

const propertiesSchema = z
  .object({ 'security-severity': z.union([z.string(), z.number()]).optional() })
  .passthrough();

const ruleSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    shortDescription: z.object({ text: z.string() }).partial().optional(),
    defaultConfiguration: z
      .object({ level: z.string().optional() })
      .passthrough()
      .optional(),
    properties: propertiesSchema.optional(),
  })
  .passthrough();

const toolSchema = z.object({
  driver: z
    .object({
      name: z.string().min(1),
      rules: z.array(ruleSchema).optional(),
    })
    .passthrough(),
  extensions: z
    .array(z.object({ rules: z.array(ruleSchema).optional() }).passthrough())
    .optional(),
});

const artifactLocationSchema = z
  .object({ uri: z.string().optional(), index: z.number().optional() })
  .passthrough();

const resultSchema = z.object({
  ruleId: z.string().min(1).optional(),
  ruleIndex: z.number().int().optional(),
  rule: z.object({ id: z.string().optional() }).passthrough().optional(),
  level: z.enum(['none', 'note', 'warning', 'error']).optional(),
  message: z.object({ text: z.string().optional() }).passthrough(),
  locations: z
    .array(
      z
        .object({
          physicalLocation: z
            .object({
              artifactLocation: artifactLocationSchema.optional(),
              region: z
                .object({ startLine: z.number().optional() })
                .passthrough()
                .optional(),
            })
            .passthrough()
            .optional(),
        })
        .passthrough(),
    )
    .optional(),
  properties: propertiesSchema.optional(),
});

const artifactsSchema = z.array(
  z.object({ location: artifactLocationSchema.optional() }).passthrough(),
);

// SARIF levels have no CVSS meaning; this maps them onto the same scale.
const LEVEL_SEVERITY: Record<string, Severity> = {
  error: 'high',
  warning: 'medium',
  note: 'low',
  none: 'none',
};

type Rule = z.infer<typeof ruleSchema>;
type PendingResult = { path: JsonPath; value: unknown };

interface RunState {
  tool?: z.infer<typeof toolSchema>;
  artifacts: string[];
  results: PendingResult[];
}

function scoreOf(
  properties: z.infer<typeof propertiesSchema> | undefined,
): number | undefined {
  const raw = properties?.['security-severity'];
  if (raw === undefined) return undefined;
  const score = typeof raw === 'number' ? raw : Number.parseFloat(raw);
  return Number.isFinite(score) ? score : undefined;
}

function* findingsOfRun(
  runIndex: number,
  run: RunState,
): Generator<NormalizedFinding> {
  if (!run.tool) {
    throw new InputError(`Invalid report: runs[${runIndex}].tool: required`);
  }
  const { driver } = run.tool;
  const rules: Rule[] = [
    ...(driver.rules ?? []),
    ...(run.tool.extensions ?? []).flatMap(e => e.rules ?? []),
  ];
  for (const pending of run.results) {
    const result = parseItem(resultSchema, pending.value, pending.path);
    const rule =
      (result.ruleIndex !== undefined
        ? driver.rules?.[result.ruleIndex]
        : undefined) ??
      rules.find(r => r.id === (result.ruleId ?? result.rule?.id));
    const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id;
    if (!ruleId) {
      throw new InputError(
        `Invalid report: ${formatJsonPath([
          ...pending.path,
          'ruleId',
        ])}: required`,
      );
    }
    const score = scoreOf(result.properties) ?? scoreOf(rule?.properties);
    const level =
      result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
    const physical = result.locations?.[0]?.physicalLocation;
    const artifact = physical?.artifactLocation;
    const uri =
      artifact?.uri ??
      (artifact?.index !== undefined
        ? run.artifacts[artifact.index]
        : undefined);
    const line = physical?.region?.startLine;
    yield {
      vulnerabilityId: ruleId,
      title:
        result.message.text ??
        rule?.shortDescription?.text ??
        rule?.name ??
        ruleId,
      severity:
        score !== undefined
          ? resolveSeverity(score, undefined)
          : LEVEL_SEVERITY[level] ?? 'medium',
      cvssScore: score,
      scanner: driver.name,
      location: uri && line !== undefined ? `${uri}:${line}` : uri,
    };
  }
}

/**
 * SARIF 2.1.0 from any tool (CodeQL, Semgrep, ...): each run's tool is the
 * scanner; `security-severity` gives the CVSS-like score, else the level.
 */
export const parseSarifReport: ReportParser = async function* parseSarif(
  source,
) {
  let version: unknown;
  const runs = new Map<number, RunState>();
  const runOf = (index: number) => {
    let run = runs.get(index);
    if (!run) {
      run = { artifacts: [], results: [] };
      runs.set(index, run);
    }
    return run;
  };
  let flushed = -1;
  const scanners = new Set<string>();
  const items = readJsonItems(
    source,
    path =>
      (path.length === 1 && path[0] === 'version') ||
      (path.length === 3 &&
        path[0] === 'runs' &&
        (path[2] === 'tool' || path[2] === 'artifacts')) ||
      (path.length === 4 && path[0] === 'runs' && path[2] === 'results'),
  );
  for await (const { path, value } of items) {
    if (path.length === 1) {
      version = value;
      continue;
    }
    const runIndex = path[1] as number;
    // Results may come before the tool; a run is complete once the next starts.
    while (flushed < runIndex - 1) {
      flushed += 1;
      const done = runs.get(flushed);
      if (done) yield* findingsOfRun(flushed, done);
      runs.delete(flushed);
    }
    const run = runOf(runIndex);
    if (path[2] === 'tool') {
      run.tool = parseItem(toolSchema, value, path);
      scanners.add(run.tool.driver.name);
    } else if (path[2] === 'artifacts') {
      run.artifacts = parseItem(artifactsSchema, value, path).map(
        a => a.location?.uri ?? '',
      );
    } else {
      run.results.push({ path, value });
    }
  }
  if (version !== '2.1.0') {
    throw new InputError(
      `Invalid report: version: must be "2.1.0", got ${JSON.stringify(
        version,
      )}`,
    );
  }
  for (const [index, run] of [...runs.entries()].sort((a, b) => a[0] - b[0])) {
    yield* findingsOfRun(index, run);
  }
  return { scanners: [...scanners] };
};
