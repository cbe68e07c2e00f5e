/**
 * Why a target is not met and what would close it, by target id (the part before `:`):
 * shown under the targets table for each one a run misses. Figures are the run's own.
 */
export const NOTES: Record<string, string> = {};
