/**
 * Lorem ipsum text for `{% lorem %}` (django.utils.lorem_ipsum): the same
 * standard paragraph and word lists, random sentences built the same way.
 */
const COMMON_P =
  'Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ' +
  'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. ' +
  'Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. ' +
  'Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';

const WORDS = (
  'exercitationem perferendis perspiciatis laborum eveniet sunt iure nam nobis eum cum officiis excepturi odio consectetur quasi aut ' +
  'quisquam vel eligendi itaque non odit tempore quaerat dignissimos facilis neque nihil expedita vitae vero ipsum nisi animi cumque ' +
  'pariatur velit modi natus iusto eaque sequi illo sed ex et voluptatibus tempora veritatis ratione assumenda incidunt nostrum ' +
  'placeat aliquid fuga provident praesentium rem necessitatibus suscipit adipisci quidem possimus voluptas debitis sint accusantium ' +
  'unde sapiente voluptate qui aspernatur laudantium soluta amet quo aliquam saepe culpa libero ipsa dicta reiciendis nesciunt ' +
  'doloribus autem impedit minima maiores repudiandae ipsam obcaecati ullam enim totam delectus ducimus quis voluptates dolores ' +
  'molestiae harum dolorem quia voluptatem molestias magni distinctio omnis illum dolorum voluptatum ea quas quam corporis quae ' +
  'blanditiis atque deserunt laboriosam earum consequuntur hic cupiditate quibusdam accusamus ut rerum error minus eius ab ad nemo ' +
  'fugit officia at in id quos reprehenderit numquam iste fugiat sit inventore beatae repellendus magnam recusandae quod explicabo ' +
  'doloremque aperiam consequatur asperiores commodi optio dolor labore temporibus repellat veniam architecto est esse mollitia ' +
  'nulla a similique eos alias dolore tenetur deleniti porro facere maxime corrupti'
).split(' ');

const COMMON_WORDS = 'lorem ipsum dolor sit amet consectetur adipisicing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');

function randint(a: number, b: number): number {
  return a + Math.floor(Math.random() * (b - a + 1));
}

function sample<T>(items: readonly T[], k: number): T[] {
  const pool = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

function sentence(): string {
  const sections = Array.from({ length: randint(1, 5) }, () => sample(WORDS, randint(3, 12)).join(' '));
  const s = sections.join(', ');
  return s[0].toUpperCase() + s.slice(1) + (Math.random() < 0.5 ? '?' : '.');
}

function paragraph(): string {
  return Array.from({ length: randint(1, 4) }, sentence).join(' ');
}

/** `count` paragraphs; the first is the standard one when `common`. */
export function loremParagraphs(count: number, common = true): string[] {
  const paras: string[] = [];
  for (let i = 0; i < count; i++) paras.push(common && i === 0 ? COMMON_P : paragraph());
  return paras;
}

/** `count` words; the standard 19 first when `common`. */
export function loremWords(count: number, common = true): string {
  let list = common ? COMMON_WORDS.slice() : [];
  const c = list.length;
  if (count > c) {
    count -= c;
    while (count > 0) {
      const n = Math.min(count, WORDS.length);
      count -= n;
      list = list.concat(sample(WORDS, n));
    }
  } else list = list.slice(0, Math.max(0, count));
  return list.join(' ');
}
