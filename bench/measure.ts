/**
 * Timing: one sample = `new App()` + build the stacks (construct phase) + `app.synth()` (synth phase,
 * incl. writing the cloud assembly to a temp dir and, when on, the built-in CloudFormation validation),
 * timed with process.hrtime.bigint(); the process's CPU time (process.cpuUsage(), user + system, all threads)
 * is recorded too: on a busy machine it moves much less than wall time. Cases are run round-robin
 * (a, b, c, a, b, c, ...) with the starting case rotated every round, after untimed warm-up rounds.
 *
 * No GC is forced between samples by default: a forced full GC (`gc()`) also throws away V8's compiled code
 * and type feedback, so every sample after it runs partly cold (about 5x slower here, see docs/PERFORMANCE.md).
 * BENCH_GC=each forces one before every sample anyway, to measure that cold-ish state.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { App, Stack, cx_api as cxapi } from 'aws-cdk-lib';

/** Context that makes synth write the validation report silently instead of printing it (all variants alike). */
const FAIL_SYNTH_ON_VALIDATION_ERRORS = '@aws-cdk/core:failSynthOnValidationErrors';
/** Context that lifts CDK's 500-resources-per-stack synth check (the scaling stack exceeds it on purpose). */
const STACK_RESOURCE_LIMIT = '@aws-cdk/core:stackResourceLimit';

/** Something to time: builds its stacks in the given app. */
export interface BenchCase {
  /** Row label. */
  readonly name: string;
  /** aws-cdk-lib's built-in CloudFormation validation on (true) or off. */
  readonly validation: boolean;
  /** Extra app context, e.g. to turn CDK's creation stack traces off. */
  readonly context?: Record<string, unknown>;
  /** Builds the stacks (timed as the construct phase). */
  readonly build: (app: App) => Stack[];
}

/** One timed run. */
export interface Sample {
  /** Wall time of the construct phase. */
  readonly constructMs: number;
  /** Wall time of the synth phase. */
  readonly synthMs: number;
  /** Wall time of both. */
  readonly totalMs: number;
  /** CPU time (user + system) of both. */
  readonly cpuMs: number;
  /** CPU time of the construct phase. */
  readonly constructCpuMs: number;
}

/** What a run produced, for the size and resource tables. */
export interface SynthOutput {
  /** Template JSON of each stack, by stack name. */
  readonly templates: Map<string, Record<string, unknown>>;
  /** Bytes of each template file as written (1-space indent, CDK's default). */
  readonly templateBytes: Map<string, number>;
}

let collect: (() => void) | undefined;

/** A full GC, if it can be enabled at runtime (it can on Node 20: --expose-gc via v8 flags). */
export function fullGc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

/** Runs `c` once; returns the timing and (optionally) the synthesized templates. */
export function runOnce(c: BenchCase, keepOutput = false): { sample: Sample; output?: SynthOutput } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'msk-bench-'));
  try {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const app = new App({
      outdir,
      autoSynth: false,
      builtinCloudFormationValidation: c.validation,
      context: { [FAIL_SYNTH_ON_VALIDATION_ERRORS]: false, [STACK_RESOURCE_LIMIT]: 0, ...c.context },
    });
    const stacks = c.build(app);
    const t1 = process.hrtime.bigint();
    const cpu1 = process.cpuUsage(cpu0);
    const assembly = app.synth();
    const t2 = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpu0);
    const sample = {
      constructMs: ms(t1 - t0),
      synthMs: ms(t2 - t1),
      totalMs: ms(t2 - t0),
      cpuMs: (cpu.user + cpu.system) / 1000,
      constructCpuMs: (cpu1.user + cpu1.system) / 1000,
    };
    if (!keepOutput) {
      return { sample };
    }
    const templates = new Map<string, Record<string, unknown>>();
    const templateBytes = new Map<string, number>();
    for (const stack of stacks) {
      const artifact = assembly.getStackArtifact(stack.artifactId) as cxapi.CloudFormationStackArtifact;
      templates.set(stack.stackName, artifact.template as Record<string, unknown>);
      templateBytes.set(stack.stackName, fs.statSync(artifact.templateFullPath).size);
    }
    return { sample, output: { templates, templateBytes } };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Samples of every case, and the synthesized templates of each case's first timed run. */
export interface RunResult {
  readonly samples: Map<string, Sample[]>;
  readonly outputs: Map<string, SynthOutput>;
}

/** How many rounds to run. */
export interface RoundPlan {
  /** Untimed rounds first. */
  readonly warmup: number;
  /** Rounds always run. */
  readonly minRounds: number;
  /** Rounds at most. */
  readonly maxRounds: number;
  /** After `minRounds`, no new round starts once the timed rounds have taken this long. */
  readonly budgetMs: number;
}

/**
 * Runs every case `plan.warmup` times untimed, then rounds of one sample per case, alternating, as long
 * as `plan` allows. `progress` is called after each round.
 */
export function runAlternating(cases: BenchCase[], plan: RoundPlan, progress?: (round: number) => void): RunResult {
  for (let w = 0; w < plan.warmup; w++) {
    for (const c of cases) {
      runOnce(c);
    }
  }
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
  const outputs = new Map<string, SynthOutput>();
  const start = Date.now();
  for (let r = 0; r < plan.maxRounds && (r < plan.minRounds || Date.now() - start < plan.budgetMs); r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(r + k) % cases.length];
      if (process.env.BENCH_GC === 'each') {
        fullGc();
      }
      const { sample, output } = runOnce(c, r === 0);
      samples.get(c.name)!.push(sample);
      if (output) {
        outputs.set(c.name, output);
      }
    }
    progress?.(r + 1);
  }
  return { samples, outputs };
}

/** Median of `values` (mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Spread of `values`: (p75 - p25) / median, as a fraction. */
export function relativeIqr(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  const m = median(values);
  return m === 0 ? 0 : (at(0.75) - at(0.25)) / m;
}

function ms(ns: bigint): number {
  return Number(ns) / 1e6;
}
