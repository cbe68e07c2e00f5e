import { describeEntityApp } from '@egg/testing';
import declaration from './declaration.ts';

describeEntityApp(declaration);
