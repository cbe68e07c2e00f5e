/**
 * Modules the functions import but never run, replaced at build time by stubs: the bundles
 * carry neither their bytes nor their start-up cost (see docs/benchmarks.md, "Where the
 * bytes went"). A stub fails loudly if it is ever used, naming what was left out and why,
 * so a configuration that needs one (say, Apollo usage reporting) breaks at once instead of
 * misbehaving.
 */
import type { Plugin } from 'esbuild';

interface Cut {
  /** The import specifier, exactly or by pattern. */
  module: RegExp;
  /** Only when imported from a file whose path matches (default: from anywhere). */
  from?: RegExp;
  why: string;
  /** Named exports an ESM importer destructures from an import() (CJS stubs have no own keys). */
  exports?: string[];
}

/** Stand-ins that work: smaller modules doing what the functions need of the originals. */
const REPLACEMENTS: { module: RegExp; from?: RegExp; contents: string; why: string }[] = [
  {
    module: /^make-fetch-happen$/,
    contents: 'module.exports = { defaults: () => (url, init) => fetch(url, init) };',
    why: "@apollo/gateway's default subgraph fetcher: Node's own fetch does the same with keep-alive",
  },
  {
    module: /^node-fetch$/,
    // Getters: reading Node's fetch globals loads its bundled undici (~20 ms), which an instance
    // invoking its subgraphs directly never needs.
    contents:
      'module.exports = { get Headers() { return Headers; }, get Request() { return Request; }, get Response() { return Response; }, get default() { return fetch; } };',
    why: "@apollo/gateway's Headers and Request: Node's own, read when first used",
  },
  {
    // Its Node check asks for `module.require`, which a bundle's module wrapper lacks, so bundled it
    // would hash every operation with sha.js in JavaScript instead of Node's crypto.
    module: /^@apollo\/utils\.createhash$/,
    contents: "const crypto = require('node:crypto'); exports.createHash = (kind) => crypto.createHash(kind);",
    why: "Apollo's operation hashing: Node's crypto",
  },
  {
    // The gateway builds a trace tree of every query plan it runs, read only by usage reporting
    // (off, and cut above): plain objects do; ftv1 traces are never asked for, so never decoded.
    module: /^@apollo\/usage-reporting-protobuf$/,
    from: /@apollo\/gateway\//,
    contents: `class Message { constructor(fields) { if (fields) Object.assign(this, fields); } }
class SequenceNode extends Message { constructor(fields) { super(fields); this.nodes ??= []; } }
class QueryPlanNode extends Message {}
Object.assign(QueryPlanNode, { SequenceNode, ParallelNode: class extends Message {}, FlattenNode: class extends Message {},
  FetchNode: class extends Message {}, ConditionNode: class extends Message {}, ResponsePathElement: class extends Message {} });
exports.Trace = { QueryPlanNode, decode() { throw new Error('federated traces are not decoded: usage reporting is off in this bundle'); } };
exports.google = { protobuf: { Timestamp: class extends Message {} } };`,
    why: "the gateway's query-plan trace nodes: plain objects, since nothing reports them",
  },
  {
    module: /^chalk$/,
    contents: 'const plain = new Proxy((...text) => text.join(" "), { get: (_, key) => (key === "__esModule" ? undefined : plain) }); module.exports = plain;',
    why: "colours of the federation libraries' debug log (off unless APOLLO_FEDERATION_DEBUG): plain text",
  },
];

const CUTS: Cut[] = [
  // Apollo Server loads these plugins with import() only when configured; ours switch them off.
  {
    module: /^\.\/plugin\/(usageReporting|schemaReporting|inlineTrace)\/index\.js$/,
    from: /@apollo\/server\/dist\/(esm|cjs)\/ApolloServer\.js$/,
    why: 'Apollo usage/schema reporting and inline traces are switched off in every function',
    exports: ['ApolloServerPluginUsageReporting', 'ApolloServerPluginSchemaReporting', 'ApolloServerPluginInlineTrace'],
  },
  {
    // Apollo Server's own tracing only: the gateway builds a trace tree of every query plan it runs.
    module: /^@apollo\/usage-reporting-protobuf$/,
    from: /@apollo\/server\//,
    why: 'Apollo usage reporting (traces for Apollo Studio) is switched off',
  },
  // The gateway's telemetry meter (APOLLO_TELEMETRY_DISABLED is set in the banner): its SDK, exporter and cloud detectors.
  {
    module: /^@opentelemetry\/(sdk-metrics|resources|exporter-metrics-otlp-http|resource-detector-.*|semantic-conventions\/incubating)$/,
    from: /@apollo\/gateway\/dist\/utilities\/opentelemetry\.js$/,
    why: "@apollo/gateway's telemetry to Apollo is switched off (APOLLO_TELEMETRY_DISABLED)",
  },
  {
    module: /^@apollo\/composition$/,
    from: /@apollo\/gateway\/dist\/supergraphManagers\//,
    why: 'the supergraph is composed at build time; the gateway never composes at run time',
  },
  {
    module: /^yaml$/,
    from: /openapi3-ts\//,
    why: "openapi3-ts's YAML output: the functions serve their OpenAPI documents as JSON",
    exports: ['stringify'],
  },
  {
    module: /^ts-graphviz$/,
    from: /@apollo\/query-graphs\//,
    why: "the query planner's graphviz debug output is never drawn",
  },
];

/**
 * A CommonJS module whose every property is another such stub and whose every call throws:
 * property reads at module load (`Trace.HTTP.Method`) pass, any use fails with the reason.
 */
const stubSource = (name: string, { why, exports }: Cut): string => `
const fail = (path) => { throw new Error(${JSON.stringify(`${name} is left out of this bundle (${why}): `)} + path + ' was used'); };
const stub = (path) => new Proxy(function () {}, {
  get: (_, key) => (key === '__esModule' || key === 'then' || typeof key === 'symbol' ? undefined : stub(path + '.' + key)),
  apply: () => fail(path),
  construct: () => fail(path),
});
${exports ? exports.map((e) => `export const ${e} = stub(${JSON.stringify(e)});`).join('\n') : `module.exports = stub(${JSON.stringify(name)});`}
`;

export const unusedModulesPlugin: Plugin = {
  name: 'egg-unused-modules',
  setup(build) {
    const applies = (from: RegExp | undefined, importer: string) => from === undefined || from.test(importer);
    for (const [index, { module, from }] of REPLACEMENTS.entries()) {
      build.onResolve({ filter: module }, (args) => (applies(from, args.importer) ? { path: String(index), namespace: 'egg-replaced' } : undefined));
    }
    build.onLoad({ filter: /.*/, namespace: 'egg-replaced' }, (args) => ({
      contents: REPLACEMENTS[Number(args.path)].contents,
      loader: 'js',
    }));
    for (const cut of CUTS) {
      build.onResolve({ filter: cut.module }, (args) =>
        applies(cut.from, args.importer) ? { path: args.path, namespace: 'egg-unused', pluginData: cut } : undefined,
      );
    }
    build.onLoad({ filter: /.*/, namespace: 'egg-unused' }, (args) => ({
      contents: stubSource(args.path, args.pluginData as Cut),
      loader: 'js',
    }));
  },
};
