#!/usr/bin/env node
/**
 * The `manouche` binary (Django's django-admin / manage.py):
 * `npx manouche <command> [options]`. See src/core/management/index.ts.
 */
import { executeFromCommandLine } from '../core/management/index';
import { registerNodeEngines } from './engines';

registerNodeEngines();
process.exitCode = await executeFromCommandLine(process.argv.slice(2));
