import { describe, expect, it } from 'vitest';
import { lambdaEvent } from './index.ts';

describe('lambdaEvent', () => {
  it('sends an object as JSON with its content type, and base64 when asked', () => {
    const event = lambdaEvent({ method: 'POST', path: '/farm/api', body: { a: 1 }, base64: true });
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.isBase64Encoded).toBe(true);
    expect(JSON.parse(Buffer.from(event.body!, 'base64').toString())).toEqual({ a: 1 });
    expect(lambdaEvent({ method: 'POST', path: '/x', body: 'a=1', headers: { 'content-type': 'text/plain' } })).toMatchObject({
      body: 'a=1',
      headers: { 'content-type': 'text/plain' },
      isBase64Encoded: false,
    });
  });
});
