/**
 * Consumer-group offsets, committed and fetched at the group's coordinator as a group with no
 * live members (generation -1, no member id): what a consumer that resumes from a commit
 * needs, without the seconds a group join costs.
 */
import type { PartitionOffset } from '@egg/storage-core';
import type { Cluster } from './cluster.ts';

const NO_GENERATION = -1;

export async function commitGroupOffsets(cluster: Cluster, groupId: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
  if (offsets.length === 0) return;
  const coordinator = await cluster.findGroupCoordinator({ groupId });
  await coordinator.offsetCommit({
    groupId,
    groupGenerationId: NO_GENERATION,
    memberId: '',
    topics: [{ topic, partitions: offsets.map(({ partition, offset }) => ({ partition, offset: String(offset) })) }],
  });
}

export async function fetchGroupOffsets(cluster: Cluster, groupId: string, topic: string, partitions: number): Promise<PartitionOffset[]> {
  const coordinator = await cluster.findGroupCoordinator({ groupId });
  const { responses } = await coordinator.offsetFetch({
    groupId,
    topics: [{ topic, partitions: Array.from({ length: partitions }, (_, partition) => ({ partition })) }],
  });
  // Kafka answers -1 for a partition never committed: absent, as the EventLog contract says.
  return responses
    .flatMap((r) => r.partitions)
    .map((p) => ({ partition: p.partition, offset: Number(p.offset) }))
    .filter((p) => p.offset >= 0)
    .sort((a, b) => a.partition - b.partition);
}
