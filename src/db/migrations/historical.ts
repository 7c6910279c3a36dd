/**
 * Historical models (Django's StateApps): the `apps` a RunCode function
 * receives. Each model is built from the migration state at that point of
 * the history — its fields and table as the migrations had them, not as the
 * current class has them — in a registry of its own, so it never touches the
 * live models and its relations resolve among the other historical models.
 * The classes are real models: querysets, save(), delete() all work.
 */
import { LookupError } from '../../core/exceptions';
import { ForeignKey, ManyToManyField, relationLabel, type Field } from '../models/fields';
import { defineModel } from '../models/model';
import type { MetaOptions, Options } from '../models/options';
import { cloneField } from './fields';
import type { ModelState, ProjectState } from './state';

/** What RunCode's functions receive as `apps`. */
export interface Apps {
  /** The historical model `appLabel.modelName` (case-insensitive); LookupError when the state has none. */
  getModel(appLabel: string, modelName: string): any;
  /** The historical model, or undefined when the state has none. */
  findModel(appLabel: string, modelName: string): any;
  /** Every historical model (the automatic many-to-many ones aside). */
  getModels(): any[];
  /** The migration state the code runs at. */
  readonly state: ProjectState;
}

/** `field`, unbound, its relation pointing to the exact label of the state's model. */
function historicalField(state: ProjectState, model: ModelState, field: Field): Field {
  if (!(field instanceof ForeignKey || field instanceof ManyToManyField)) return cloneField(field);
  const target = state.byLabel(relationLabel(field.ref as never, field.modelLabel || model.label));
  return cloneField(field, { to: target.label });
}

function defineHistorical(state: ProjectState, model: ModelState, models: Map<string, Options>): any {
  const fields: Record<string, Field> = {};
  for (const [name, f] of model.fields) fields[name] = historicalField(state, model, f);
  const o = model.options;
  // indexes and constraints are left out: they matter to the schema, not to queries
  const meta: MetaOptions = { dbTable: model.dbTable, registry: models };
  if (o.ordering) meta.ordering = o.ordering;
  if (o.uniqueTogether) meta.uniqueTogether = o.uniqueTogether;
  if (o.verboseName) meta.verboseName = o.verboseName;
  if (o.verboseNamePlural) meta.verboseNamePlural = o.verboseNamePlural;
  if (o.getLatestBy) meta.getLatestBy = o.getLatestBy;
  return defineModel(model.label, fields as never, meta);
}

/** The historical models of `state`, built on first use. */
export function historicalApps(state: ProjectState): Apps {
  let models: Map<string, Options> | undefined;
  const build = () => {
    if (models) return models;
    models = new Map();
    for (const m of state.models.values()) defineHistorical(state, m, models);
    return models;
  };
  const find = (appLabel: string, modelName: string) => {
    if (!state.hasModel(appLabel, modelName)) return undefined;
    return build().get(state.model(appLabel, modelName).label)!.model;
  };
  return {
    state,
    findModel: find,
    getModel(appLabel: string, modelName: string) {
      const model = find(appLabel, modelName);
      if (!model) throw new LookupError(`App '${appLabel}' doesn't have a '${modelName}' model at this point of the migrations.`);
      return model;
    },
    getModels() {
      return [...build().values()].filter((o) => !o.autoCreated).map((o) => o.model);
    },
  };
}
