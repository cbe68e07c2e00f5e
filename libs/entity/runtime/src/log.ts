/** Structured logging: one JSON object per line, which CloudWatch and local tools both parse. */
export function logLine(fields: Record<string, unknown>): void {
  const line = JSON.stringify({ time: new Date().toISOString(), ...fields });
  if (fields.level === 'error') console.error(line);
  else console.log(line);
}
