import * as assert from 'assert';
import { hasPlaceholder, parseParameters, resolveParameters } from '../../../src/core/iflow/parameters';
import { readText } from './helpers';

const entries = (text: string): Array<[string, string]> => [...parseParameters(text).values];

describe('iflow: parameters.prop (Java properties syntax)', () => {
  it('separators: =, :, whitespace, and whitespace around them', () => {
    assert.deepStrictEqual(entries('a=1\nb:2\nc 3\nd = 4\ne\t:\t5\nf  =  \n'), [
      ['a', '1'], ['b', '2'], ['c', '3'], ['d', '4'], ['e', '5'], ['f', ''],
    ]);
  });

  it('a key alone has an empty value; a second separator belongs to the value', () => {
    assert.deepStrictEqual(entries('lonely\nx==y\ny::z\nk = = v'), [['lonely', ''], ['x', '=y'], ['y', ':z'], ['k', '= v']]);
  });

  it('escaped separators and spaces in keys: \\ \\: \\= \\# \\!', () => {
    assert.deepStrictEqual(entries('my\\ key=v\na\\:b=c\nx\\=y=z\n\\#notcomment=1\n\\!bang=2'), [
      ['my key', 'v'], ['a:b', 'c'], ['x=y', 'z'], ['#notcomment', '1'], ['!bang', '2'],
    ]);
  });

  it('escapes in values: \\uXXXX, \\t \\n \\r \\f, \\: and unknown \\x → x', () => {
    const v = parseParameters('k=caf\\u00e9\\t\\n\\r\\f\\:\\=\\q\\\\end').values.get('k');
    assert.strictEqual(v, 'café\t\n\r\f:=q\\end');
    assert.strictEqual(parseParameters('url=https\\://host/x').values.get('url'), 'https://host/x');
    assert.strictEqual(parseParameters('bad=\\u12').values.get('bad'), '\\u12', 'a malformed \\u stays verbatim');
  });

  it('comments with # and ! (also indented); not at the end of a line', () => {
    assert.deepStrictEqual(entries('# c1\n! c2\n   # c3\na=1 # not a comment\n'), [['a', '1 # not a comment']]);
  });

  it('continuation lines: odd number of trailing backslashes, leading whitespace dropped', () => {
    assert.deepStrictEqual(entries('a=one \\\n    two \\\n\tthree\nb=ends with backslash\\\\\nc=x'), [
      ['a', 'one two three'], ['b', 'ends with backslash\\'], ['c', 'x'],
    ]);
    assert.strictEqual(parseParameters('k=v\\').values.get('k'), 'v', 'a continuation at end of input');
    assert.strictEqual(parseParameters('k=a\\\n# not a comment\n').values.get('k'), 'a# not a comment');
    assert.strictEqual(parseParameters('# comment \\\nk=v').values.get('k'), 'v', 'comment lines are never continued');
    assert.strictEqual(parseParameters('ke\\\n  y=v').values.get('key'), 'v', 'continuation inside a key');
  });

  it('CRLF and lone CR line ends, blank lines, trailing whitespace kept in values, BOM', () => {
    assert.deepStrictEqual(entries('\ufeffa=1\r\n\r\nb=2  \rc=3\\\r\n   4'), [['a', '1'], ['b', '2  '], ['c', '34']]);
  });

  it('the last duplicate wins; leading whitespace before keys is ignored', () => {
    assert.deepStrictEqual(entries('  k=1\n\tk=2'), [['k', '2']]);
  });

  it('records the file name', () => {
    assert.strictEqual(parseParameters('a=1', 'x/parameters.prop').file, 'x/parameters.prop');
    assert.strictEqual(parseParameters('a=1').file, undefined);
  });

  it('reads the real Emarsys parameters.prop (escaped spaces, \\:)', () => {
    const p = parseParameters(readText('real', 'D063654_Emarsys_Replicate_Contact', 'src/main/resources/parameters.prop'));
    assert.strictEqual(p.values.get('PUT Create if not exist (0/1)'), '1');
    assert.strictEqual(p.values.get('emarysEndpoint'), 'https://<Emarsys_API_Host>/api/v2/contact/');
    assert.strictEqual(p.values.get('authorization'), 'RoleBased');
    assert.strictEqual(p.values.get('subjectDN'), '');
    assert.strictEqual(p.values.size, 11);
  });

  describe('resolveParameters / hasPlaceholder', () => {
    const params = parseParameters('host=example.com\nmy\\ role=R1\n<SAP_FLOW_ENDPOINT>=/flow\nempty=');

    it('substitutes every placeholder, names with spaces and <>', () => {
      assert.deepStrictEqual(resolveParameters('https://{{host}}/{{host}}', params), { value: 'https://example.com/example.com', unresolved: [], resolved: ['host'] });
      assert.deepStrictEqual(resolveParameters('{{my role}}', params), { value: 'R1', unresolved: [], resolved: ['my role'] });
      assert.strictEqual(resolveParameters('{{<SAP_FLOW_ENDPOINT>}}', params).value, '/flow');
      assert.deepStrictEqual(resolveParameters('{{empty}}', params), { value: '', unresolved: [], resolved: ['empty'] });
    });

    it('lists unresolved names and leaves them verbatim', () => {
      assert.deepStrictEqual(resolveParameters('{{host}}:{{port}}/{{port}}', params), { value: 'example.com:{{port}}/{{port}}', unresolved: ['port'], resolved: ['host'] });
      assert.deepStrictEqual(resolveParameters('plain', params), { value: 'plain', unresolved: [], resolved: [] });
      assert.deepStrictEqual(resolveParameters('{{x}}', undefined as never), { value: '{{x}}', unresolved: ['x'], resolved: [] });
    });

    it('does not substitute recursively', () => {
      const p = parseParameters('a={{b}}\nb=B');
      assert.strictEqual(resolveParameters('{{a}}', p).value, '{{b}}');
    });

    it('hasPlaceholder', () => {
      assert.strictEqual(hasPlaceholder('{{a b}}'), true);
      assert.strictEqual(hasPlaceholder('x{{a}}y'), true);
      assert.strictEqual(hasPlaceholder('{{}}'), false);
      assert.strictEqual(hasPlaceholder('{a}'), false);
      assert.strictEqual(hasPlaceholder('RoleBased'), false);
    });
  });
});
