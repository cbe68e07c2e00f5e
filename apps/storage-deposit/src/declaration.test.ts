import { describeEntityApp } from '@egg/entity-runtime/testing';
import declaration from './declaration.ts';

describeEntityApp(declaration);
