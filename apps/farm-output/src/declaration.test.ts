import { describeEntityApp } from '@egg/shared-testing';
import declaration from './declaration.ts';

describeEntityApp(declaration, { subject: { name: 'Sunny Acres', farm_type: 'local_farm', zone: 'north' } });
