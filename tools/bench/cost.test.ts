import { describe, expect, it } from 'vitest';
import { COLD_SHARE, costPerMillion, PRICES } from './cost.ts';

describe('costPerMillion', () => {
  it('bills each invocation rounded up to the ms at the stage memory, plus request fees, the API fee and the cold share of init', () => {
    const row = costPerMillion({ scenario: 'read', invocations: [{ kind: 'entity', ms: 10.2, initMs: 99.5 }] }, 'dev');
    // dev entities: 1024 MB = 1 GB; 11 ms billed, plus 1 % of a 100 ms init.
    const gbSeconds = (11 + COLD_SHARE * 100) / 1000;
    expect(row.compute).toBeCloseTo(gbSeconds * PRICES.lambdaArmPerGbSecond * 1e6, 10);
    expect(row.lambdaRequests).toBe(0.2);
    expect(row.api).toBe(1);
    expect(row.total).toBeCloseTo(row.compute + 1.2, 10);
  });

  it('counts every invocation a gateway query makes, each at its own memory', () => {
    const invocations = [
      { kind: 'gateway' as const, ms: 20, initMs: 0 },
      { kind: 'entity' as const, ms: 2, initMs: 0 },
      { kind: 'entity' as const, ms: 2, initMs: 0 },
    ];
    const prod = costPerMillion({ scenario: 'tree', invocations }, 'prod');
    expect(prod.lambdaRequests).toBeCloseTo(0.6, 10);
    const gbSeconds = 0.02 * (1769 / 1024) + 2 * 0.002 * (1536 / 1024);
    expect(prod.compute).toBeCloseTo(gbSeconds * PRICES.lambdaArmPerGbSecond * 1e6, 10);
  });
});
