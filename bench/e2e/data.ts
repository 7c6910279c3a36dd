// The e2e workload's data and page contract, shared by every contender: 100
// authors and 10,000 posts (deterministic, with characters that need HTML
// escaping), the two queries of the list page (a count and a join), the
// detail query, and Django's CSRF token masking.
import initSqlJs, { type Database } from 'sql.js';
import { applyPragmas } from '../../src/db/backends/sqljs-pragmas';

export const POSTS = 10_000;
export const AUTHORS = 100;
export const PAGE_SIZE = 20;
export const SESSION_USER = 'ada';

export const SCHEMA = `
CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE post (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, created TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES author(id));
CREATE INDEX post_author_id ON post(author_id);
`;

const WORDS = ['fish', 'chips', 'django', 'node', 'wasm', 'tea', 'jazz', 'gypsy', 'swing', 'guitar'];

export function authorRow(i: number): [number, string] {
  return [i, `Author ${i} & Co`];
}

export function postRow(i: number): [number, string, string, string, number] {
  const w = WORDS[i % WORDS.length];
  const day = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString().slice(0, 10);
  const body = `Post ${i} is about ${w} <and> ${WORDS[(i * 7) % WORDS.length]} & more. `.repeat(4).trim();
  return [i, `Post ${i}: ${w} & <${WORDS[(i * 3) % WORDS.length]}>`, body, day, (i % AUTHORS) + 1];
}

/** A fresh in-memory sql.js database with the seeded rows. */
export async function openSeeded(): Promise<Database> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  applyPragmas(db); // every contender gets the pragmas Manouche's backend sets
  db.run(SCHEMA);
  seed(db);
  return db;
}

export function seed(db: Database, tables = { author: 'author', post: 'post' }): void {
  db.run('BEGIN');
  const a = db.prepare(`INSERT INTO ${tables.author} (id, name) VALUES (?, ?)`);
  for (let i = 1; i <= AUTHORS; i++) a.run(authorRow(i));
  a.free();
  const p = db.prepare(`INSERT INTO ${tables.post} (id, title, body, created, author_id) VALUES (?, ?, ?, ?, ?)`);
  for (let i = 1; i <= POSTS; i++) p.run(postRow(i));
  p.free();
  db.run('COMMIT');
}

export const COUNT_SQL = 'SELECT COUNT(*) FROM post';
export const LIST_SQL =
  'SELECT post.id, post.title, post.created, author.name FROM post JOIN author ON author.id = post.author_id ORDER BY post.id DESC LIMIT ? OFFSET ?';
export const DETAIL_SQL =
  'SELECT post.id, post.title, post.body, post.created, author.name FROM post JOIN author ON author.id = post.author_id WHERE post.id = ?';

export interface PostItem {
  id: number;
  title: string;
  created: string;
  author: string;
}
export interface PostDetail extends PostItem {
  body: string;
}

/** The page number from `?page=`, clamped like Django's Paginator.get_page. */
export function pageNumber(raw: string | null | undefined, count: number): number {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const n = Number.parseInt(raw ?? '1', 10);
  if (!Number.isFinite(n) || n < 1) return 1;
  return Math.min(n, pages);
}

export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

// Django's CSRF token: a 32-character secret (kept in the session here, as with
// CSRF_USE_SESSIONS) masked with a fresh random 32-character mask per page.
const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const random = new Uint8Array(32);

export function randomString(length = 32): string {
  crypto.getRandomValues(random);
  let s = '';
  for (let i = 0; i < length; i++) s += CHARS[random[i % 32] % CHARS.length];
  return s;
}

export function maskedToken(secret: string): string {
  const mask = randomString(32);
  let cipher = '';
  for (let i = 0; i < 32; i++) cipher += CHARS[(CHARS.indexOf(secret[i]) + CHARS.indexOf(mask[i])) % CHARS.length];
  return mask + cipher;
}

/** Unmasks a token (the check that a page's token belongs to the session's secret). */
export function unmaskToken(token: string): string {
  const mask = token.slice(0, 32);
  let secret = '';
  for (let i = 0; i < 32; i++) secret += CHARS[(CHARS.indexOf(token[32 + i]) - CHARS.indexOf(mask[i]) + CHARS.length) % CHARS.length];
  return secret;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** HTML escaping for the template-literal contenders. */
export function escape(value: unknown): string {
  const s = String(value);
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]) : s;
}

/** The rows of one query, the statement prepared and freed per call (how the peer stacks use sql.js). */
export function rows(db: Database, sql: string, params: Array<number | string> = []): unknown[][] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const out: unknown[][] = [];
    while (statement.step()) out.push(statement.get());
    return out;
  } finally {
    statement.free();
  }
}

export const listItems = (db: Database, page: number): PostItem[] =>
  rows(db, LIST_SQL, [PAGE_SIZE, (page - 1) * PAGE_SIZE]).map((r) => ({ id: r[0] as number, title: r[1] as string, created: r[2] as string, author: r[3] as string }));

export const postDetail = (db: Database, id: number): PostDetail | undefined => {
  const [r] = rows(db, DETAIL_SQL, [id]);
  return r && { id: r[0] as number, title: r[1] as string, body: r[2] as string, created: r[3] as string, author: r[4] as string };
};

export const postCount = (db: Database): number => rows(db, COUNT_SQL)[0][0] as number;
