/**
 * A model of CloudFormation's cross-stack rules, to replay a change from one synthesized app to
 * another stack by stack, in a given order, without an AWS account:
 *
 * - a stack that reads another's output (`Fn::GetStackOutput`, a weak reference) or export
 *   (`Fn::ImportValue`) can deploy only once that output exists in the producer as deployed;
 * - a stack may not drop or change an output (or export) that a stack deployed at that moment
 *   still reads: for an export CloudFormation refuses the update; for a weak reference it would
 *   let it through and delete, under a running function, the subnet or file system behind it.
 *
 * Both are reported as problems; an order with none is one a person can run.
 */
import type { Synthesized } from './synth.ts';

type Json = unknown;

export interface Snapshot {
  /** stack id → template */
  templates: Map<string, Record<string, Json>>;
  /** stack name (`egg-dev-shared`) → stack id */
  ids: Map<string, string>;
  /** stack id → the ids it depends on (what `cdk deploy --all` orders by) */
  dependencies: Map<string, string[]>;
}

export function snapshot(s: Synthesized): Snapshot {
  const stacks = s.assembly.stacks;
  return {
    templates: new Map(stacks.map((st) => [st.id, st.template as Record<string, Json>])),
    ids: new Map(stacks.map((st) => [st.stackName, st.id])),
    dependencies: new Map(stacks.map((st) => [st.id, st.dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets'))])),
  };
}

interface Read {
  producer: string;
  /** output name, or `export:<name>` for an import */
  output: string;
}

function walk(node: Json, visit: (obj: Record<string, Json>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, Json>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

/** What a template reads from other stacks. */
export function reads(template: Record<string, Json>, ids: Map<string, string>, exporters: Map<string, string>): Read[] {
  const found: Read[] = [];
  walk(template.Resources, (obj) => {
    const weak = obj['Fn::GetStackOutput'] as { StackName: string; OutputName: string } | undefined;
    if (weak) found.push({ producer: ids.get(weak.StackName) ?? weak.StackName, output: weak.OutputName });
    const strong = obj['Fn::ImportValue'];
    if (typeof strong === 'string') found.push({ producer: exporters.get(strong) ?? '?', output: `export:${strong}` });
  });
  return found;
}

/** Output name (and `export:<name>`) → its value, as the template defines it. */
function provides(template: Record<string, Json> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, o] of Object.entries((template?.Outputs ?? {}) as Record<string, { Value: Json; Export?: { Name: string } }>)) {
    out.set(name, JSON.stringify(o.Value));
    if (o.Export) out.set(`export:${o.Export.Name}`, JSON.stringify(o.Value));
  }
  return out;
}

function exportersOf(templates: Iterable<[string, Record<string, Json>]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [id, t] of templates) for (const name of provides(t).keys()) if (name.startsWith('export:')) map.set(name.slice(7), id);
  return map;
}

export type Step = { deploy: string } | { destroy: string };

/** Replays `steps` from `before` (deployed) towards `after`; returns every problem met, in order. */
export function replay(before: Snapshot | undefined, after: Snapshot, steps: Step[]): string[] {
  const deployed = new Map(before?.templates ?? []);
  const ids = new Map([...(before?.ids ?? []), ...after.ids]);
  const problems: string[] = [];
  for (const step of steps) {
    const id = 'deploy' in step ? step.deploy : step.destroy;
    const next = 'deploy' in step ? after.templates.get(id) : undefined;
    if ('deploy' in step && !next) throw new Error(`no stack ${id} in the target app`);
    const exporters = exportersOf(deployed);
    if (next) {
      for (const r of reads(next, ids, exporters)) {
        if (!provides(deployed.get(r.producer)).has(r.output)) problems.push(`${id} reads ${r.output} of ${r.producer}, which is not deployed yet`);
      }
    }
    const now = provides(deployed.get(id));
    const then = provides(next);
    for (const [consumer, t] of deployed) {
      if (consumer === id) continue;
      for (const r of reads(t, ids, exporters)) {
        if (r.producer !== id || !now.has(r.output)) continue;
        if (!then.has(r.output)) problems.push(`${id} drops ${r.output}, which deployed ${consumer} still uses`);
        else if (then.get(r.output) !== now.get(r.output)) problems.push(`${id} changes ${r.output}, which deployed ${consumer} still uses`);
      }
    }
    if (next) deployed.set(id, next);
    else deployed.delete(id);
  }
  return problems;
}

/** `cdk deploy --all`: every stack of the app, each after the stacks it depends on. */
export function deployAllOrder(app: Snapshot): Step[] {
  const order: string[] = [];
  const visit = (id: string): void => {
    if (order.includes(id)) return;
    for (const dep of app.dependencies.get(id) ?? []) visit(dep);
    order.push(id);
  };
  for (const id of app.templates.keys()) visit(id);
  return order.map((deploy) => ({ deploy }));
}

/** `cdk destroy <id>` (without --exclusively): the stack and every stack that depends on it, dependents first. */
export function destroyOrder(app: Snapshot, id: string): Step[] {
  const doomed = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [stack, deps] of app.dependencies) {
      if (!doomed.has(stack) && deps.some((d) => doomed.has(d))) {
        doomed.add(stack);
        grew = true;
      }
    }
  }
  return [...app.templates.keys()].filter((s) => doomed.has(s)).reverse().map((destroy) => ({ destroy }));
}
