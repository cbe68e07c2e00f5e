import { describe, expect, it } from 'vitest';
import { FUNCTION_MEMORY_MB, lambdaNodeOptions } from './lambda-runtime.ts';

describe('lambdaNodeOptions', () => {
  it('caps the old generation at a quarter of the memory, whole megabytes, beside the small semi-spaces', () => {
    expect(lambdaNodeOptions(1024)).toBe('--max-semi-space-size=2 --max-old-space-size=256');
    expect(lambdaNodeOptions(FUNCTION_MEMORY_MB.prod.gateway)).toBe('--max-semi-space-size=2 --max-old-space-size=442');
  });
});
