import * as assert from 'assert';
import { describeEndpoint, endpointsServing, matchEndpoint } from '../../../src/core/iflow/endpoint';
import type { SenderChannel } from '../../../src/core/model';
import { buildIFlow, parse } from '../support/iflowBuilder';

/** The channels of a built iFlow, by name. */
function channels(specs: Array<{ adapter: string; key: string; value: string }>, parameters?: string): SenderChannel[] {
  return parse(buildIFlow(specs.map((s, i) => ({ name: `C${i}`, adapter: s.adapter, props: [[s.key, s.value]] }))), parameters).channels;
}

describe('iflow: sender endpoints', () => {
  it('each adapter: its property and path prefix', () => {
    const c = channels([
      { adapter: 'HTTPS', key: 'urlPath', value: '/orders' },
      { adapter: 'SOAP', key: 'address', value: '/vendor/Stock' },
      { adapter: 'IDOC', key: 'address', value: '/Customer/IDOC/DEBMAS07' },
      { adapter: 'XI', key: 'Address_inbound', value: '/xi/inbound' },
      { adapter: 'AS2', key: 'address', value: '/partner' },
    ]);
    assert.deepStrictEqual(c.map((x) => x.endpoint?.path), ['/http/orders', '/cxf/vendor/Stock', '/cxf/Customer/IDOC/DEBMAS07', '/cxf/xi/inbound', '/as2/partner']);
    assert.deepStrictEqual(c.map((x) => x.endpoint?.property.key), ['urlPath', 'address', 'address', 'Address_inbound', 'address']);
  });

  it('the range is the address value in the source', () => {
    const [c] = channels([{ adapter: 'HTTPS', key: 'urlPath', value: '/a&amp;b' }]);
    const doc = parse(buildIFlow([{ name: 'C0', adapter: 'HTTPS', props: [['urlPath', '/a&amp;b']] }]));
    assert.strictEqual(doc.text.slice(c.endpoint!.property.range.start, c.endpoint!.property.range.end), '/a&amp;b');
    assert.strictEqual(c.endpoint!.path, '/http/a&b', 'entities decoded');
  });

  it('adapters without an address the tool knows have none; a missing key gives none', () => {
    const c = channels([
      { adapter: 'ProcessDirect', key: 'address', value: '/internal' },
      { adapter: 'ODataSender', key: 'address', value: '/x' },
      { adapter: 'HTTPS', key: 'somethingElse', value: '/x' },
    ]);
    assert.deepStrictEqual(c.map((x) => x.endpoint), [undefined, undefined, undefined]);
  });

  it('{{parameters}} resolve from parameters.prop; without a value the path is unknown and says why', () => {
    const [known, unknown] = channels([
      { adapter: 'HTTPS', key: 'urlPath', value: '{{Sender Path}}' },
      { adapter: 'SOAP', key: 'address', value: '/base/{{missing}}' },
    ], 'Sender\\ Path=/orders/v1\n');
    assert.strictEqual(known.endpoint!.path, '/http/orders/v1');
    assert.strictEqual(unknown.endpoint!.path, undefined);
    assert.deepStrictEqual(unknown.endpoint!.unresolved, ['missing']);
    assert.strictEqual(describeEndpoint(unknown.endpoint), '/base/{{missing}} (no value in parameters.prop)');
    assert.strictEqual(describeEndpoint(known.endpoint), '/http/orders/v1');
  });

  it('query strings are dropped, a missing leading slash added, an empty address has no path', () => {
    const c = channels([
      { adapter: 'HTTPS', key: 'urlPath', value: '/orders?sap-client=100' },
      { adapter: 'SOAP', key: 'address', value: 'noslash' },
      { adapter: 'HTTPS', key: 'urlPath', value: '' },
      { adapter: 'HTTPS', key: 'urlPath', value: '  /trimmed  ' },
    ]);
    assert.deepStrictEqual(c.map((x) => x.endpoint?.path), ['/http/orders', '/cxf/noslash', undefined, '/http/trimmed']);
    assert.strictEqual(describeEndpoint(c[2].endpoint), '(empty urlPath)');
  });

  it('a trailing /* is a wildcard: the prefix followed by / and anything, not the bare prefix', () => {
    const [w] = channels([{ adapter: 'HTTPS', key: 'urlPath', value: '/orders/*' }]);
    assert.strictEqual(w.endpoint!.path, '/http/orders/*');
    assert.strictEqual(w.endpoint!.wildcard, true);
    assert.strictEqual(matchEndpoint(w.endpoint!, '/http/orders/42'), 'wildcard');
    assert.strictEqual(matchEndpoint(w.endpoint!, '/http/orders/42/items?x=1'), 'wildcard');
    assert.strictEqual(matchEndpoint(w.endpoint!, '/http/orders/'), 'wildcard');
    assert.strictEqual(matchEndpoint(w.endpoint!, '/http/orders'), undefined, 'not the bare prefix');
    assert.strictEqual(matchEndpoint(w.endpoint!, '/http/ordersX/1'), undefined);
    const [star] = channels([{ adapter: 'HTTPS', key: 'urlPath', value: '/orders*' }]);
    assert.strictEqual(star.endpoint!.wildcard, false, 'only /* is a wildcard');
  });

  it('exact matches ignore the query string and are case-sensitive', () => {
    const endpoint = { path: '/http/orders', wildcard: false };
    assert.strictEqual(matchEndpoint(endpoint, '/http/orders?a=1'), 'exact');
    assert.strictEqual(matchEndpoint(endpoint, '/http/orders#top'), 'exact');
    assert.strictEqual(matchEndpoint(endpoint, '/http/Orders'), undefined);
    assert.strictEqual(matchEndpoint(endpoint, '/http/orders/'), undefined);
    assert.strictEqual(matchEndpoint({ path: undefined, wildcard: false }, '/http/orders'), undefined);
  });

  it('endpointsServing: exact first, else the wildcards, most specific first', () => {
    const c = channels([
      { adapter: 'HTTPS', key: 'urlPath', value: '/*' },
      { adapter: 'HTTPS', key: 'urlPath', value: '/orders/*' },
      { adapter: 'HTTPS', key: 'urlPath', value: '/orders/42' },
      { adapter: 'HTTPS', key: 'urlPath', value: '/orders/42' },
    ]);
    const of = (x: SenderChannel) => x.endpoint;
    const exact = endpointsServing('/http/orders/42', c, of);
    assert.strictEqual(exact.match, 'exact');
    assert.deepStrictEqual(exact.items.map((x) => x.name), ['C2', 'C3'], 'every channel at the path');
    const wild = endpointsServing('/http/orders/7', c, of);
    assert.strictEqual(wild.match, 'wildcard');
    assert.deepStrictEqual(wild.items.map((x) => x.name), ['C1', 'C0']);
    assert.deepStrictEqual(endpointsServing('/cxf/orders/7', c, of), { items: [] });
  });
});
