/**
 * Why a target is not met and what would close it, by target id (the part before `:`):
 * shown under the targets table for each one a run misses. The run's own figures are in the tables.
 */
export const NOTES: Record<string, string> = {
  'create-vs-floor':
    "on the EFS model a create is four write round trips where the floor is one (the model's own counters, under the model's description above): take the partition lock (a rename), fsync the record, give the lock back (a rename the server refuses if a stalled writer's lock was taken over: the check that fences it, libs/storage/file-log/README.md), then send the index entry (the close) before answering, so readers on other clients see it. A read cannot stand in for the check over NFS (a client may answer a lookup from its cache), and an index entry written before the check could overwrite a seal. Closing it: a lease kept across appends with a fence a read can prove (not yet sound against a taker that itself stalls), or group commit of concurrent appends.",
  'federated-vs-hen':
    'farm(id){coops{hens}} is three sequential subgraph fetches (farm, then coops, then hens) to one for hen(id), each a full HTTP → router → function round trip; the ratio is bounded below by that. Closing it: a join that resolves in one hop (the farm subgraph answering coops{hens} from a projection), or the in-AWS direct-invoke data source, whose hops are cheaper than local HTTP + IPC.',
  'read-vs-bare':
    "on the EFS model a read by id first catches up with what other instances appended (read-your-writes across instances): it reopens the partition's index and log (close-to-open, the only way an NFS client revalidates its cache; an open and a getattr cost 0.25 ms each on the model) before it answers, where the bare server touches no file. On local disk the page cache is shared and the descriptors stay open; the figure there is the code's own cost (Node's HTTP parsing and the router's hop to the function's process).",
  'subgraph-hen-vs-bare':
    "a subgraph query is the REST read's path (router, IPC hop, the log) plus GraphQL's own work: parsing and validating the document, then executing it, each request, where the bare server parses nothing. Closing it: a cache of parsed and validated documents keyed by the query text (the gateway sends the same few), which Apollo Server keeps only for persisted queries.",
  'users-p99-vs-p50':
    "the tail is waiting, not the code path: ten users share this machine's two cores, and a pool that scales out on demand (as Lambda does) starts a new instance mid-run, whose cold start the requests queued on it wait for. More cores, or instances kept warm (provisioned concurrency), close it.",
  'users-errors': 'see the errors and timeouts in scenario 3.',
  'writers-scaling':
    "five instances share one topic's partition locks, and every append holds its partition's lock for three write round trips (fsync, the release that checks the fence, with the take before it: bench:storage's model_write_round_trips_per_write_5), so writers of one partition queue on each other; each partition's token now has a directory of its own, so different partitions no longer queue on one kernel's directory lock (tools/efs-model/README.md), and this machine's two cores are shared. Closing it: fewer round trips under the lock (group commit of concurrent appends), or more partitions per topic so writers rarely meet.",
  'writers-errors': 'see the errors and timeouts in scenario 4.',
  'writers-lost': 'a lost or duplicated acknowledged write is a storage defect: the ids are in the bench output.',
  'writers-p99':
    'the same queueing as for the scaling target: a write waits for the lock hand-overs of the writes ahead of it on its partition, each three 2.7 ms write round trips on the model. It stays far under the reference’s 30 s timeouts; closing it needs the same storage work.',
  'projection-container':
    'a projection read first catches up every source it folds (read-your-writes, docs/contract.md §2): containerInventory looks at the ends of five topics (the container and its four storage events) where hen(id) looks at one, and on the EFS model each look reopens the file (close-to-open: an open and a getattr, 0.25 ms each on the model) in every partition. On local disk the same read is within its target. Closing it: one look per read for all sources (a shared catch-up of the topics a function reads), or a lease on what was already seen.',
  'projection-container-past':
    'the same catch-up of five topics as for containerInventory(id), on every read whatever its instant (a past `at` still has to know every acknowledged write).',
  'projection-farm-tree':
    'four sequential subgraph fetches (farm; then farmOutput and coops side by side; then hens; then their productivity) to one for hen(id), each a full HTTP → router → function round trip, and the projection fetch also catches up its sources. The same run\'s farm(id){coops{hens}} (three fetches) is the baseline row above; the projection adds one fetch. Closing it: fewer hops in the plan (a subgraph that answers coops{hens{productivity}} itself), or the in-AWS direct-invoke data source, whose hops are cheaper than local HTTP + IPC.',
  'entity-cold-start':
    "a cold start is parsing and compiling the bundle (about half, proportional to its bytes) plus opening the log and building the app on the first event. The bundle went from 2.0 MB to the size in the table below (tools/bundle/README.md: subgraph schema and validators prebuilt, unused modules cut); what remains is mostly graphql-js, Apollo Server and graphql-armor. On this shared, loaded machine a short `node -e 0` is favoured by the scheduler, which inflates every wall-clock ratio to it. Measured and not shipped: Node 24's portable compile cache built at bundle time (NODE_COMPILE_CACHE with NODE_COMPILE_CACHE_PORTABLE=1) is accepted from a moved, read-only folder and takes about 12 % off an entity's cold start here (farm, 165 vs 193 ms median of 10 pairs), but its folder is keyed by the exact Node version and CPU (`v24.22.3-x64-…`): a cache built on this x64 machine is never read by Lambda's arm64 nodejs24.x, so it would need building on a Lambda-identical arm64 image at deploy time. Most of the rest is evaluating graphql-js and Apollo Server at import (an entity imports in ~120 ms of its ~175); closing it: a GraphQL executor without Apollo Server for the subgraph (graphql-js alone), loaded only when a GraphQL request comes.",
  'gateway-cold-start':
    'the gateway turns the supergraph into a schema and a query planner on start (federation-internals and query-graphs: most of its first request) and compiles its bundle (6.0 MB before this work; size in the table below). Both are Apollo Gateway’s own work; closing it needs the planner state built at bundle time (not serialisable with @apollo/gateway 2.14), a compile cache, or a router that is not JavaScript.',
  'entity-bundle': 'see the largest inputs in the size table.',
  'gateway-bundle': 'see the largest inputs in the size table.',
  'entity-rss':
    "Node's own baseline is about 45 MB; V8's young generation (16 MB semi-spaces by default) and the compiled code of graphql-js and Apollo Server make most of the rest. Lambda sizes V8's heap from the function's memory setting; a smaller --max-semi-space-size in NODE_OPTIONS, or less code (a lighter GraphQL executor), would close it.",
  'gateway-rss':
    'the supergraph schema, the query planner’s graphs for thirteen subgraphs and its plan cache live in memory for the life of the instance. Closing it: a smaller --max-semi-space-size, or a plan cache bounded lower than Apollo’s default.',
};
