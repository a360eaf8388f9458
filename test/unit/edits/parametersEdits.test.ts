import * as assert from 'assert';
import fc from 'fast-check';
import { setParameterEdit } from '../../../src/core/edits/parametersEdits';
import { applyTextEdits } from '../../../src/core/edits/types';
import { parseParameters, propertiesEntries } from '../../../src/core/iflow/parameters';

const set = (text: string | undefined, name: string, value: string): string => applyTextEdits(text ?? '', [setParameterEdit(text, name, value)]);

describe('edits: parameters.prop', () => {
  it('replaces only the value of an existing key (the last one, as Java reads it)', () => {
    assert.strictEqual(set('# c\na = 1\nb:2\na = 3\n', 'a', 'x'), '# c\na = 1\nb:2\na = x\n');
    assert.strictEqual(set('k v\r\nother=1', 'k', 'w'), 'k w\r\nother=1');
  });
  it('honours escaped keys and continuation lines', () => {
    const text = 'Sender\\ Role=Ext\\\n  Role.send\nnext=1\n';
    const after = set(text, 'Sender Role', 'New.send');
    assert.strictEqual(after, 'Sender\\ Role=New.send\nnext=1\n');
    assert.strictEqual(parseParameters(after).values.get('Sender Role'), 'New.send');
    assert.strictEqual(set('a\\:b=1\n', 'a:b', '2'), 'a\\:b=2\n');
  });
  it('a key without a value gets a separator', () => {
    assert.strictEqual(set('lonely\n', 'lonely', 'v'), 'lonely=v\n');
  });
  it('appends with the file\'s EOL, keeping the absence of a final newline', () => {
    assert.strictEqual(set('a=1\r\n', 'b c', 'v'), 'a=1\r\nb\\ c=v\r\n');
    assert.strictEqual(set('a=1', 'b', 'v'), 'a=1\nb=v');
    assert.strictEqual(set(undefined, 'k=x:y', ' lead\\'), 'k\\=x\\:y=\\ lead\\\\\n');
    assert.strictEqual(parseParameters(set(undefined, 'k=x:y', ' lead\\')).values.get('k=x:y'), ' lead\\');
    assert.strictEqual(parseParameters(set('', 'u', 'é')).values.get('u'), 'é');
  });
  it('keeps a BOM', () => {
    assert.strictEqual(set('\ufeffa=1\n', 'a', '2'), '\ufeffa=2\n');
  });
  it('reading and editing split lines alike: a set value reads back, every other key keeps its value', () => {
    const piece = fc.constantFrom('a', 'b', 'k', ' ', '\t', '=', ':', '\\', '#', '!', '\n', '\r\n', '\r', 'é', 'v', '\ufeff');
    const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(fc.property(text, fc.string({ maxLength: 6 }), (src, value) => {
      const before = parseParameters(src).values;
      for (const key of [...before.keys(), 'new key']) {
        const after = parseParameters(set(src, key, value)).values;
        assert.strictEqual(after.get(key), value, JSON.stringify({ src, key, value }));
        for (const [k, v] of before) if (k !== key) assert.strictEqual(after.get(k), v, JSON.stringify({ src, key, k }));
      }
    }), { numRuns: 300 });
  });
  it('propertiesEntries: where each value starts in the source', () => {
    const src = '\ufeffa = 1\nlong=one\\\n   two\nempty=\n';
    const [a, long, empty] = propertiesEntries(src);
    assert.strictEqual(src.slice(a.valueStart, a.end), '1');
    assert.strictEqual(src.slice(long.valueStart, long.end), 'one\\\n   two');
    assert.strictEqual(long.value, 'onetwo');
    assert.strictEqual(empty.valueStart, empty.end);
  });
});
