import * as assert from 'assert';
import { assertLinearWork, assertWorkWithin, countWork } from './work';

/** One pass with charCodeAt: linear. */
function countLt(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 60) n++;
  return n;
}

/** Copies the text up to every character: quadratic. */
function countLtRescanning(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.slice(0, i + 1).endsWith('<')) n++;
  return n;
}

describe('test support: work counted, not timed', () => {
  it('counts a charCodeAt scan once per character, an indexOf by the stretch it searched', () => {
    assert.strictEqual(countWork(() => countLt('<a><b>')).work, 6);
    assert.strictEqual(countWork(() => 'abcdefghij'.indexOf('h')).work, 8);
    assert.strictEqual(countWork(() => 'abcdefghij'.indexOf('z', 4)).work, 6);
  });

  it('counts regex searches, also through match, replace and split', () => {
    const text = `${'x'.repeat(1000)}<`;
    assert.ok(countWork(() => /</.exec(text)).work >= 1001);
    assert.ok(countWork(() => text.match(/</)).work >= 1001);
    assert.ok(countWork(() => text.replace(/</g, '&lt;')).work >= 1001);
    assert.ok(countWork(() => text.split(/</)).work >= 1001);
  });

  it('counts bytes turned into text', () => {
    assert.strictEqual(countWork(() => new TextDecoder().decode(new Uint8Array(500))).work, 500);
    assert.strictEqual(countWork(() => String.fromCharCode(65, 66, 67)).work, 3);
  });

  it('counts the elements array methods visit or add', () => {
    const list = Array.from({ length: 100 }, (_, i) => i);
    assert.strictEqual(countWork(() => list.map((x) => x + 1)).work, 100);
    const pairs = countWork(() => list.forEach((x) => list.filter((y) => y !== x))).work;
    assert.strictEqual(pairs, 100 + 100 * 100, 'a list per item of a list shows as the square');
  });

  it('restores the primitives, also when the counted code throws', () => {
    const { charCodeAt, indexOf } = String.prototype;
    const { exec } = RegExp.prototype;
    const { decode } = TextDecoder.prototype;
    const { fromCharCode } = String;
    const { push, map } = Array.prototype;
    assert.throws(() => countWork(() => { throw new Error('boom'); }), /boom/);
    assert.strictEqual(String.prototype.charCodeAt, charCodeAt);
    assert.strictEqual(String.prototype.indexOf, indexOf);
    assert.strictEqual(RegExp.prototype.exec, exec);
    assert.strictEqual(TextDecoder.prototype.decode, decode);
    assert.strictEqual(String.fromCharCode, fromCharCode);
    assert.strictEqual(Array.prototype.push, push);
    assert.strictEqual(Array.prototype.map, map);
  });

  it('assertLinearWork passes a single pass and fails a scan that starts over', () => {
    const make = (n: number): string => '<a>'.repeat(n);
    const linear = assertLinearWork('one pass', make, countLt, 1000);
    assert.strictEqual(linear.large, 4 * linear.small);
    assert.throws(() => assertLinearWork('rescanning', make, countLtRescanning, 1000), /4× the input cost 1[0-9]\.\d× the work/);
  });

  it('assertWorkWithin returns the result within the limit and fails beyond it', () => {
    const text = '<a>'.repeat(100);
    assert.deepStrictEqual(assertWorkWithin('one pass', 300, () => countLt(text)), { result: 100, work: 300 });
    assert.throws(() => assertWorkWithin('rescanning', 3000, () => countLtRescanning(text)), /rescanning: \d+ characters examined, more than 3000/);
  });
});
