import { describeEntityApp } from '@egg/shared-testing';
import declaration from './declaration.ts';

describeEntityApp(declaration, { subject: { name: 'Fridge 1', container_type: 'fridge', capacity: 12, zone: 'north' } });
