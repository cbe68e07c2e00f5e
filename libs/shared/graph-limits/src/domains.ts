/**
 * The domains of the read arguments every list and time-travel read takes, one message each,
 * shared by REST (`?at=`, `?limit=`) and GraphQL (`at:`, `limit:`) so both refuse alike.
 */

/** The largest instant a JavaScript Date can hold: ms since the epoch beyond it name no time. */
export const MAX_INSTANT = 8_640_000_000_000_000;

/** Why `at` is out of its domain, or undefined when it is a valid instant. */
export function atProblem(value: unknown): string | undefined {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_INSTANT;
  return ok ? undefined : `at must be ms since the epoch, a number from 0 to ${MAX_INSTANT}`;
}

/** Why `limit` is out of its domain, or undefined when it is a valid page size. */
export function limitProblem(value: unknown, max: number): string | undefined {
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
  return ok ? undefined : `limit must be an integer from 1 to ${max}`;
}
