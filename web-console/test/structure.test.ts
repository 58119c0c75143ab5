/**
 * How the console's source is kept (no browser): HTTP only through the
 * resource modules of src/api, files small enough to read, and no i18n key
 * that nothing uses.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from '../src/i18n/vi';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function sources(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

describe('console source', function () {
  it('only src/api talks HTTP: no page, component or hook outside it imports the http client', function () {
    const offenders = sources()
      .filter((f) => !rel(f).startsWith('api/'))
      .filter((f) => /import\s*\{[^}]*\b(http|api|qs)\b[^}]*\}\s*from\s*'[./]*\/?api\/http'/.test(readFileSync(f, 'utf8')) || /\bfetch\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map(rel)).to.deep.equal([]);
  });

  it('no source file is over 300 lines (the i18n dictionaries excepted)', function () {
    const long = sources()
      .filter((f) => !rel(f).startsWith('i18n/'))
      .map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 300);
    expect(long).to.deep.equal([]);
  });

  it('every i18n key is used, literally or through a `prefix.${…}` key', function () {
    const code = sources()
      .filter((f) => !rel(f).startsWith('i18n/'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const dynamic = [...code.matchAll(/[`'"]([a-zA-Z0-9_.]+)\.\$\{/g)].map((m) => `${m[1]}.`);
    const keys: string[] = [];
    const walk = (o: object, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        const key = prefix ? `${prefix}.${k}` : k;
        if (typeof v === 'string') keys.push(key.replace(/_(zero|one|two|few|many|other)$/, ''));
        else walk(v as object, key);
      }
    };
    walk(vi, '');
    const unused = [...new Set(keys)].filter((k) => !code.includes(`'${k}'`) && !code.includes(`"${k}"`) && !code.includes(`\`${k}\``) && !dynamic.some((d) => k.startsWith(d)));
    expect(unused).to.deep.equal([]);
  });
});
