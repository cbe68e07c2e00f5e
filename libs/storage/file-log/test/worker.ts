/**
 * A separate OS process for the multi-process tests.
 *   write <dir> <topic> <count> <tag>: appends, printing "ack <tag> <seq> <partition> <offset>" once each is durable
 *   read <dir> <topic>: answers IPC requests {partition, offset} with the record found there (or null)
 *   notify <dir> <topic> <count> <tag>: like write, but reports each ack over IPC and waits for "next"
 *   hold <dir> <topic> <stop file> <tag>: like write, in one turn of the event loop, until the stop file exists
 * PAGE_CACHE=separate in the environment runs it as on NFS.
 */
import fs from 'node:fs';
import { FileEventLog } from '../src/index.ts';

const [mode, dir, topic, count, tag] = process.argv.slice(2);
// "separate": each process behaves as an NFS client does (files reopened per use, fsync inside the lock).
const log = await FileEventLog.open(dir, process.env.PAGE_CACHE === 'separate' ? { sharedPageCache: false } : {});
await log.createTopic(topic, { partitions: 4 });

async function write(i: number) {
  const key = `${tag}-${i % 7}`;
  return log.append(topic, { key, value: Buffer.from(JSON.stringify({ tag, key, seq: i })) });
}

/** Exits once what was printed has reached the pipe: an exit can cut off output still queued. */
const exitWhenFlushed = () => process.stdout.write('', () => process.exit(0));

if (mode === 'write') {
  for (let i = 0; i < Number(count); i++) {
    const pos = await write(i);
    process.stdout.write(`ack ${tag} ${i} ${pos.partition} ${pos.offset}\n`);
  }
  exitWhenFlushed();
} else if (mode === 'hold') {
  const stopFile = count;
  // Appends resolve without a macrotask, so this loop never lets the event loop turn.
  for (let i = 0; !fs.existsSync(stopFile); i++) {
    const pos = await write(i);
    process.stdout.write(`ack ${tag} ${i} ${pos.partition} ${pos.offset}\n`);
  }
  exitWhenFlushed();
} else if (mode === 'notify') {
  for (let i = 0; i < Number(count); i++) {
    const pos = await write(i);
    process.send!({ seq: i, ...pos });
    await new Promise((resolve) => process.once('message', resolve));
  }
  process.exit(0);
} else if (mode === 'read') {
  process.on('message', async (m: { partition: number; offset: number }) => {
    const [record] = await log.read(topic, m.partition, m.offset, 1);
    process.send!(record ? JSON.parse(record.value.toString()) : null);
  });
  process.send!('ready');
}
