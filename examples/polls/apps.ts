/**
 * The polls application (Django's polls/apps.py). `path` is the app's
 * directory: its migrations/, static/ and fixtures/ live there (Node). The
 * templates are also given in memory, so the same app runs where there is no
 * file system (a browser bundle).
 */
import { defineApp } from 'manouche';
import { templates } from './templates';

export const PollsConfig = defineApp({ name: 'polls', verboseName: 'Polls', path: new URL('.', import.meta.url).pathname, templates });
