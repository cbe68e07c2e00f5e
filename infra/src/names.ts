/**
 * Names fixed at synth from the stage and the app folder. The gateway finds and may invoke the
 * entity functions by these names alone: nothing another stack or a person writes at run time
 * can point it elsewhere, and no reference ties its stack to theirs.
 */
import { ArnFormat, type Stack } from 'aws-cdk-lib';
import type { StageConfig } from './config.ts';
import type { Deployable } from '@egg/shared-catalog';

export const functionName = (config: StageConfig, d: Deployable): string => `egg-${config.stage}-${d.folder}`;

/** The unqualified function ARN in the stack's own account and region (what Invoke by name is authorised against). */
export const functionArn = (stack: Stack, config: StageConfig, d: Deployable): string =>
  stack.formatArn({ service: 'lambda', resource: 'function', resourceName: functionName(config, d), arnFormat: ArnFormat.COLON_RESOURCE_NAME });

export const stackName = (config: StageConfig, id: string): string => `egg-${config.stage}-${id.replace(/-function$/, '')}`;
