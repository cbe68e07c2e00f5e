import { randomUUID } from 'node:crypto';
import { describeEntityApp } from '@egg/shared-testing';
import declaration from './declaration.ts';

describeEntityApp(declaration, { subject: { name: 'Henrietta', coop_id: randomUUID(), breed: 'Leghorn' } });
