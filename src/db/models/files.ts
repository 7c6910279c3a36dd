/**
 * File fields on models (django.db.models.fields.files). The column holds
 * the file's storage name (varchar(maxLength), 100 by default); the
 * instance attribute is a FieldFile (Django's descriptor): `file.name`,
 * `file.url`, `await file.size()`, `await file.open()`,
 * `await file.save(name, content)`, `await file.delete()`.
 *
 * Assigning an UploadedFile (what a form's FileField cleans to) leaves it
 * uncommitted; `instance.save()` first stores it under
 * `uploadTo` (strftime's `%Y/%m/%d` filled from the current date, or a
 * function of the instance and the file name) through the storage, then
 * writes the name.
 *
 * @example
 * const Doc = defineModel('app.Doc', { file: FileField({ uploadTo: 'docs/%Y/%m/' }) });
 * const doc = await Doc.objects.create({ file: new SimpleUploadedFile('a.txt', 'hi') });
 * doc.file.name; // 'docs/2026/11/a.txt'
 * doc.file.url;  // '/media/docs/2026/11/a.txt'
 */
import { ValueError } from '../../core/exceptions';
import { type FileContent, type Storage, defaultStorage } from '../../core/files/storage';
import { UploadedFile } from '../../core/files/uploadedfile';
import type { Dialect } from '../backends/base';
import { Field, type FieldOptions } from './fields';

type UploadTo = string | ((instance: any, filename: string) => string);

export interface FileFieldOptions<V = unknown> extends FieldOptions<V> {
  /** A directory, with strftime's %Y %m %d %H %M %S, or a function (instance, filename) → name. */
  uploadTo?: UploadTo;
  /** The storage (or a function returning it); the default storage when omitted. */
  storage?: Storage | (() => Storage);
  maxLength?: number;
}

const SLOT = Symbol('fieldFiles');

/** Python's time.strftime for the directives Django's upload_to uses. */
export function strftime(format: string, d: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return format.replace(/%([YmdHMSjyb%])/g, (_, c: string) => {
    switch (c) {
      case 'Y': return String(d.getFullYear());
      case 'y': return p(d.getFullYear() % 100);
      case 'm': return p(d.getMonth() + 1);
      case 'd': return p(d.getDate());
      case 'H': return p(d.getHours());
      case 'M': return p(d.getMinutes());
      case 'S': return p(d.getSeconds());
      case 'j': return p(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 86400000) + 1, 3);
      case 'b': return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()]!;
      default: return '%';
    }
  });
}

/** A model instance's file (Django's FieldFile). */
export class FieldFile {
  /** The content assigned but not stored yet. */
  pending: UploadedFile | null;

  constructor(
    readonly instance: any,
    readonly field: FileField<any>,
    /** The storage name ('' or null: no file). */
    public name: string | null,
    pending: UploadedFile | null = null,
  ) {
    this.pending = pending;
  }

  get storage(): Storage {
    return this.field.getStorage();
  }

  /** False until the assigned content is in the storage. */
  get committed(): boolean {
    return this.pending === null;
  }

  private requireFile(): string {
    if (!this.name) throw new ValueError(`The '${this.field.name}' attribute has no file associated with it.`);
    return this.name;
  }

  get url(): string {
    return this.storage.url(this.requireFile());
  }

  get path(): string {
    return this.storage.path(this.requireFile());
  }

  async size(): Promise<number> {
    const name = this.requireFile();
    if (this.pending) return this.pending.size;
    return this.storage.size(name);
  }

  /** The content (the pending upload, or the stored file). */
  async open(): Promise<UploadedFile> {
    const name = this.requireFile();
    return this.pending ?? this.storage.open(name);
  }

  /**
   * Stores `content` under uploadTo + `name` and makes it this file's
   * (Django's FieldFile.save); with `save: true` the instance is saved too.
   */
  async save(name: string, content: FileContent, options: { save?: boolean } = {}): Promise<string> {
    const generated = this.field.generateFilename(this.instance, name);
    this.name = await this.storage.save(generated, content, this.field.maxLength);
    this.pending = null;
    if (options.save) await this.instance.save();
    return this.name;
  }

  /** Removes the file from the storage and clears the name (Django's FieldFile.delete). */
  async delete(options: { save?: boolean } = {}): Promise<void> {
    if (!this.name) return;
    await this.storage.delete(this.name);
    this.name = null;
    this.pending = null;
    if (options.save) await this.instance.save();
  }

  toString(): string {
    return this.name ?? '';
  }
  /** Template truthiness follows the name, as Python's bool(FieldFile). */
  __bool__(): boolean {
    return Boolean(this.name);
  }
}

/** Django's FileField: the name in a varchar column, the content in a Storage. */
export class FileField<V = FieldFile, R extends boolean = boolean> extends Field<V, R> {
  /** What create() and `new Model({...})` accept: a stored name, an upload, or a FieldFile. */
  declare readonly _input: FieldFile | UploadedFile | string | (null extends V ? null : never);
  override readonly type: string = 'FileField';
  readonly uploadTo: UploadTo;
  readonly maxLength: number;
  readonly storage: Storage | (() => Storage) | undefined;

  constructor(options: FileFieldOptions<any> = {}) {
    if (options.primaryKey) throw new ValueError("'primaryKey' is not a valid argument for a FileField.");
    if (options.unique) throw new ValueError("'unique' is not a valid argument for a FileField.");
    super(options);
    this.uploadTo = options.uploadTo ?? '';
    if (typeof this.uploadTo !== 'string' && typeof this.uploadTo !== 'function') throw new ValueError('FileField uploadTo must be a string or a function (instance, filename) => name.');
    this.maxLength = options.maxLength ?? 100;
    this.storage = options.storage;
  }

  protected override optionAttributes(): Record<string, string> {
    return { ...super.optionAttributes(), uploadTo: 'uploadTo', maxLength: 'maxLength' };
  }

  getStorage(): Storage {
    const s = this.storage;
    return s === undefined ? defaultStorage() : typeof s === 'function' ? s() : s;
  }

  /** Django's generate_filename: uploadTo applied, then the storage's rules. */
  generateFilename(instance: unknown, filename: string): string {
    if (typeof this.uploadTo === 'function') filename = this.uploadTo(instance, filename);
    else {
      const dir = strftime(this.uploadTo);
      filename = dir ? `${dir.replace(/\/+$/, '')}/${filename}` : filename;
    }
    return this.getStorage().generateFilename(filename);
  }

  /** Installs the FieldFile accessor on the model's prototype (Django's FileDescriptor). */
  contributeToPrototype(proto: object): void {
    const field = this;
    const name = this.name;
    Object.defineProperty(proto, name, {
      configurable: true,
      get(this: any) {
        return (this[SLOT] ??= {})[name] ?? null;
      },
      set(this: any, value: unknown) {
        (this[SLOT] ??= {})[name] = field.wrap(this, value);
      },
    });
  }

  /** Any assigned value as this instance's FieldFile. */
  wrap(instance: unknown, value: unknown): FieldFile {
    if (value instanceof FieldFile) {
      return value.instance === instance && value.field === this ? value : new FieldFile(instance, this, value.name, value.pending);
    }
    if (value instanceof UploadedFile) return new FieldFile(instance, this, value.name, value);
    if (value === null || value === undefined || value === false || value === '') return new FieldFile(instance, this, value === null && this.null ? null : '');
    if (typeof value === 'string') return new FieldFile(instance, this, value);
    throw new ValueError(`${this.modelLabel}.${this.name} takes a file name, an UploadedFile or a FieldFile, not ${Object.prototype.toString.call(value)}.`);
  }

  /** Stores an assigned upload before the row is written (Django's pre_save, made async). */
  async commitFile(instance: any): Promise<void> {
    const file: FieldFile | null = instance[this.name];
    if (file && file.pending) await file.save(file.pending.name, file.pending);
  }

  /** What ModelForm's construct_instance does for a file: null keeps the file, false clears it. */
  saveFormData(instance: any, data: unknown): void {
    if (data === null || data === undefined) return;
    instance[this.name] = data || '';
  }

  override get emptyStringsAllowed(): boolean {
    return true;
  }

  override dbType(_dialect: Dialect): string {
    return `varchar(${this.maxLength})`;
  }

  override toDb(value: unknown): unknown {
    if (value === null || value === undefined) return this.null ? null : '';
    if (value instanceof FieldFile) {
      if (value.pending) throw new ValueError(`${this.modelLabel}.${this.name}: the file '${value.pending.name}' is not stored yet; save the instance with save() (which stores it) rather than writing the row directly.`);
      return value.name ?? (this.null ? null : '');
    }
    if (typeof value === 'string') return value;
    if (value instanceof UploadedFile) throw new ValueError(`${this.modelLabel}.${this.name}: assign the upload to an instance and save() it; a query cannot store a file.`);
    throw this.invalid(value, 'a file name');
  }

  override toPython(value: unknown): unknown {
    return value;
  }

  /** An empty FieldFile is blank (Django: bool(FieldFile) is bool(name)). */
  override validate(value: unknown, instance?: unknown): void {
    super.validate(value instanceof FieldFile && !value.name && !value.pending ? '' : value, instance);
  }
}

/** Django's ImageField: a FileField whose form field checks the content is an image. */
export class ImageField<V = FieldFile, R extends boolean = boolean> extends FileField<V, R> {
  override readonly type: string = 'ImageField';
}
