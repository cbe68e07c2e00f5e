import { createEntityHandler } from '@egg/entity-runtime';
import declaration from './declaration.ts';

export const handler = createEntityHandler(declaration);
