/**
 * A writer process for faults.test.ts: `<dir> <tag>` appends {tag, seq} to topic "faults" (one
 * partition, so every writer contends for one lock) in NFS mode until a line arrives on stdin,
 * printing "ack <tag> <seq> <partition> <offset>" once each append resolves and "err <tag> <seq>
 * <error name>" when one fails. FAULT_STALE_MS sets the lock's staleness limit.
 */
import { FileEventLog } from '@egg/storage-file-log';
import { fileLogOptions } from '@egg/storage-runtime';

const [dir, tag] = process.argv.slice(2);
const log = await FileEventLog.open(dir, { ...fileLogOptions('nfs'), lockStaleMs: Number(process.env.FAULT_STALE_MS) });
await log.createTopic('faults', { partitions: 1 });
let stop = false;
process.stdin.once('data', () => (stop = true));
for (let seq = 0; !stop; seq++) {
  try {
    const pos = await log.append('faults', { key: `${tag}-${seq % 3}`, value: Buffer.from(JSON.stringify({ tag, seq })) });
    process.stdout.write(`ack ${tag} ${seq} ${pos.partition} ${pos.offset}\n`);
  } catch (error) {
    process.stdout.write(`err ${tag} ${seq} ${(error as Error).name}\n`);
  }
  // Let the stop line in: appends can resolve without a macrotask.
  await new Promise(setImmediate);
}
await log.close();
process.stdout.write('', () => process.exit(0));
