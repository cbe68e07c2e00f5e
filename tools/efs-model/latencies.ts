/**
 * The latency the EFS model adds to each kind of operation, in microseconds.
 *
 * Defaults from AWS's published figures (Amazon EFS User Guide, "Amazon EFS performance",
 * https://docs.aws.amazon.com/efs/latest/ug/performance.html, table "Performance
 * specifications", Standard storage with General Purpose mode): read operations "as low as
 * 250 µs", write operations "as low as 2.7 ms" (One Zone: 1.6 ms). An fsync, a create, a
 * rename and an unlink are writes the server must make durable before it answers; an open
 * (close-to-open revalidation) and a getattr are reads. "As low as" makes these floors: a
 * real EFS is slower more often than not.
 */
export interface EfsLatencies {
  fsyncUs: number;
  openUs: number;
  createUs: number;
  renameUs: number;
  unlinkUs: number;
  getattrUs: number;
}

const READ_US = 250;
const WRITE_US = 2700;

export const EFS_LATENCIES: EfsLatencies = {
  fsyncUs: WRITE_US,
  openUs: READ_US,
  createUs: WRITE_US,
  renameUs: WRITE_US,
  unlinkUs: WRITE_US,
  getattrUs: READ_US,
};

/** The option names of efs-model.c, one per latency. */
const OPTION: Record<keyof EfsLatencies, string> = {
  fsyncUs: 'fsync_us',
  openUs: 'open_us',
  createUs: 'create_us',
  renameUs: 'rename_us',
  unlinkUs: 'unlink_us',
  getattrUs: 'getattr_us',
};

/** `-o` option text for efs-model.c. */
export function latencyOptions(latencies: EfsLatencies): string {
  return (Object.keys(OPTION) as (keyof EfsLatencies)[]).map((k) => `${OPTION[k]}=${latencies[k]}`).join(',');
}

/**
 * Overrides from the environment, read once by whoever mounts: EFS_MODEL_FSYNC_US,
 * EFS_MODEL_OPEN_US, EFS_MODEL_CREATE_US, EFS_MODEL_RENAME_US, EFS_MODEL_UNLINK_US,
 * EFS_MODEL_GETATTR_US (whole microseconds). A bad value throws, naming the variable.
 */
export function latenciesFromEnv(env: NodeJS.ProcessEnv = process.env): EfsLatencies {
  const out = { ...EFS_LATENCIES };
  for (const key of Object.keys(OPTION) as (keyof EfsLatencies)[]) {
    const name = `EFS_MODEL_${OPTION[key].toUpperCase()}`;
    const raw = env[name]?.trim();
    if (!raw) continue;
    if (!/^\d+$/.test(raw) || Number(raw) > 10_000_000) throw new Error(`${name}: must be whole microseconds from 0 to 10000000, got "${raw}"`);
    out[key] = Number(raw);
  }
  return out;
}
