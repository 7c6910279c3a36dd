/** The polls application (Django's polls/apps.py), with its templates for hosts without a file system. */
import { defineApp } from 'manouche';
import { templates } from './templates';

export const PollsConfig = defineApp({ name: 'polls', verboseName: 'Polls', templates });
