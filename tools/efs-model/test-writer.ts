/**
 * A writer process for efs-model.test.ts: `<dir> <tag> <count>` appends count records to topic
 * "shared" through the runtime's configuration (EGG_FILE_LOG_MODE from the parent), then
 * reports every acknowledged position over IPC.
 */
import { FileEventLog } from '@egg/storage-file-log';
import { fileLogOptions, loadFileLogMode } from '@egg/storage-config';

const [dir, tag, count] = process.argv.slice(2);
const log = await FileEventLog.open(dir, fileLogOptions(loadFileLogMode()));
await log.createTopic('shared', { partitions: 2 });
const acks: { tag: string; seq: number; partition: number; offset: number }[] = [];
for (let seq = 0; seq < Number(count); seq++) {
  const pos = await log.append('shared', { key: `${tag}-${seq % 3}`, value: Buffer.from(JSON.stringify({ tag, seq })) });
  acks.push({ tag, seq, partition: pos.partition, offset: pos.offset });
}
await log.close();
process.send!(acks, () => process.exit(0));
