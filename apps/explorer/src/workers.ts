/**
 * Monaco runs its language services in web workers. The bundler emits them beside the
 * explorer's own script (tools/bundle/explorer.ts), so they load from the same place, offline.
 */
const workerUrl = (name: string): URL => new URL(`./${name}.worker.js`, import.meta.url);

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    const name = label === 'json' || label === 'graphql' ? label : 'editor';
    return new Worker(workerUrl(name), { type: 'module' });
  },
};
