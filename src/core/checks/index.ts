/**
 * The system check framework (django.core.checks): `register(check, ...tags)`
 * and `runChecks()`, with Django's message levels and ids. The built-in
 * model checks (./model-checks.ts) and deployment checks (./security.ts) are
 * registered by ./registry.ts.
 */
export { CheckMessage, Debug, Info, Warning, Error, Critical, DEBUG, INFO, WARNING, ERROR, CRITICAL, type MessageOptions } from './messages';
export { CheckRegistry, registry, register, runChecks, tagExists, Tags, type CheckArgs, type CheckFunction } from './registry';
