/**
 * CPU profile of one workload, with V8's sampling profiler (the one behind `node --cpu-prof`), started
 * in-process through the inspector after a warm-up so that module loading and ts-node compilation stay out.
 *
 *   npx ts-node --prefer-ts-exts bench/profile.ts <workload> [repeat] [validation]
 *     workload: ours | l1 | alpha (the quickstart variants) or scale:<N> (N library clusters over stacks of at most 16, as in run.ts)
 *     repeat: how many times the workload runs while profiling (default 10)
 *     validation: on | off | notraces (default off; notraces = off, with CDK's creation stack traces off app-wide)
 *
 * Prints self time by function, by area (library src/, aws-cdk-lib core, other aws-cdk-lib modules, ...) and
 * the inclusive time of library (src/) functions, and writes the raw profile to
 * $TMPDIR/msk-bench-<workload>.cpuprofile (open it in Chrome DevTools > Performance).
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { BenchCase, runOnce } from './measure';
import { fmtMs, table } from './report';
import { buildAlphaQuickstart } from './variants/alpha';
import { buildL1Quickstart } from './variants/l1';
import { buildOursQuickstart, buildOursScaling } from './variants/ours';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [workload = 'ours', repeatArg = '10', validationArg = 'off'] = process.argv.slice(2);
const repeat = parseInt(repeatArg, 10);
const validation = validationArg === 'on';
const context = validationArg === 'notraces' ? { 'aws:cdk:disable-creation-stack-traces': true } : undefined;

function workloadCase(): BenchCase {
  const builders: Record<string, (app: App) => Stack> = { ours: buildOursQuickstart, l1: buildL1Quickstart, alpha: buildAlphaQuickstart };
  if (workload.startsWith('scale:')) {
    const n = parseInt(workload.slice('scale:'.length), 10);
    return { name: workload, validation, context, build: (app) => buildOursScaling(app, n) };
  }
  const build = builders[workload];
  if (!build) {
    throw new Error(`unknown workload ${workload}: use ours, l1, alpha or scale:<N>`);
  }
  return { name: workload, validation, context, build: (app) => [build(app)] };
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

/** Where a frame's code lives. */
function area(url: string, functionName: string): string {
  if (url === '') {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  const module = url.match(/node_modules\/(@[^/]+\/[^/]+|[^/]+)\/(?:lib\/)?([^/]+)?/);
  if (module) {
    return module[1] === 'aws-cdk-lib' ? `aws-cdk-lib/${module[2]}` : module[1];
  }
  if (url.includes('/src/')) {
    return 'library (src/)';
  }
  if (url.includes('/bench/') || url.includes('/examples/')) {
    return 'bench + examples';
  }
  return url.startsWith('node:') ? 'node internals' : 'other';
}

function frameKey(node: ProfileNode): string {
  const f = node.callFrame;
  const file = f.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '').replace(`${path.join(__dirname, '..')}/`, '');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

function isLibrary(node: ProfileNode): boolean {
  return node.callFrame.url.includes('/src/') && !node.callFrame.url.includes('node_modules');
}

function summarize(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const calls = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    // The first delta runs from Profiler.enable to the first sample: not workload time.
    const us = i === 0 ? 0 : profile.timeDeltas[i] ?? 0;
    total += us;
    const node = byId.get(id)!;
    self.set(frameKey(node), (self.get(frameKey(node)) ?? 0) + us);
    const a = area(node.callFrame.url, node.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const seen = new Set<string>();
    let callee: ProfileNode | undefined;
    let innermost = true;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (isLibrary(n)) {
        seen.add(frameKey(n));
        if (innermost) {
          const edge = `${frameKey(n)} -> ${callee ? frameKey(callee) : '(self)'}`;
          calls.set(edge, (calls.get(edge) ?? 0) + us);
          innermost = false;
        }
      } else if (innermost) {
        callee = n;
      }
    }
    for (const key of seen) {
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  });
  const top = (m: Map<string, number>, count: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([k, us]) => [k, fmtMs(us / 1000), `${((us / total) * 100).toFixed(1)}%`]);
  process.stdout.write(`# CPU profile: ${workload} x${repeat}, validation ${validation ? 'on' : 'off'}; ${fmtMs(total / 1000)} ms sampled\n\n`);
  process.stdout.write(`## Self time by area\n\n${table(['area', 'ms', 'share'], top(areas, 20))}\n\n`);
  process.stdout.write(`## Self time by function (top 30)\n\n${table(['function', 'ms', 'share'], top(self, 30))}\n\n`);
  process.stdout.write(`## Inclusive time of library (src/) functions (top 25)\n\n${table(['function', 'ms', 'share'], top(inclusive, 25))}\n\n`);
  process.stdout.write('## Innermost library frame -> the dependency call it spends the time in (top 25)\n\n'
    + `${table(['library frame -> callee', 'ms', 'share'], top(calls, 25))}\n`);
}

async function main(): Promise<void> {
  const c = workloadCase();
  for (let i = 0; i < 3; i++) {
    runOnce(c);
  }
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 1000 });
  await post(session, 'Profiler.start');
  for (let i = 0; i < repeat; i++) {
    runOnce(c);
  }
  const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
  session.disconnect();
  const file = path.join(os.tmpdir(), `msk-bench-${workload.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  summarize(profile);
  process.stdout.write(`\nRaw profile: ${file}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
