import { describeEntityApp } from '@egg/shared-testing';
import declaration from './declaration.ts';

describeEntityApp(declaration);
