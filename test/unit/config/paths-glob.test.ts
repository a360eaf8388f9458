import * as assert from 'assert';
import { caseInsensitiveGlob, escapeGlob, globProblem, nameMatcher, pathMatcher } from '../../../src/core/glob';
import { baseNameOf, folderOf, isAbsolutePath, joinPath, relativePath } from '../../../src/core/paths';

describe('paths', () => {
  it('baseNameOf: POSIX, Windows, URI (decoded) and bare names; a trailing slash ignored', () => {
    assert.strictEqual(baseNameOf('/repo/certs/acme.cer'), 'acme.cer');
    assert.strictEqual(baseNameOf('C:\\repo\\certificate-user-mappings.json'), 'certificate-user-mappings.json');
    assert.strictEqual(baseNameOf('file:///repo/my%20mappings.json'), 'my mappings.json');
    assert.strictEqual(baseNameOf('/repo/100%25.cer'), '100%25.cer', 'a path is not decoded');
    assert.strictEqual(baseNameOf('file:///repo/bad%E0.json'), 'bad%E0.json', 'an invalid escape is kept');
    assert.strictEqual(baseNameOf('x.iflw'), 'x.iflw');
    assert.strictEqual(baseNameOf('/repo/sub/'), 'sub');
  });

  it('folderOf: POSIX, Windows, URI and bare names', () => {
    assert.strictEqual(folderOf('/repo/.iflow-auth.json'), '/repo');
    assert.strictEqual(folderOf('/.iflow-auth.json'), '/');
    assert.strictEqual(folderOf('C:\\repo\\.iflow-auth.json'), 'C:\\repo');
    assert.strictEqual(folderOf('C:\\.iflow-auth.json'), 'C:\\');
    assert.strictEqual(folderOf('file:///repo/sub/.iflow-auth.json'), 'file:///repo/sub');
    assert.strictEqual(folderOf('file:///.iflow-auth.json'), 'file:///');
    assert.strictEqual(folderOf('.iflow-auth.json'), '');
    assert.strictEqual(folderOf('sub/.iflow-auth.json'), 'sub');
  });

  it('joinPath keeps the base notation, applies .. and leaves absolute names alone', () => {
    assert.strictEqual(joinPath('/repo', 'security/m.json'), '/repo/security/m.json');
    assert.strictEqual(joinPath('/repo/sub', '../m.json'), '/repo/m.json');
    assert.strictEqual(joinPath('/repo', './a/./b.json'), '/repo/a/b.json');
    assert.strictEqual(joinPath('C:\\repo', 'security\\m.json'), 'C:\\repo\\security\\m.json');
    assert.strictEqual(joinPath('file:///repo', 'my certs/a b.json'), 'file:///repo/my%20certs/a%20b.json');
    assert.strictEqual(joinPath('file:///repo', "x(1)!.json"), 'file:///repo/x%281%29%21.json', 'encoded as VS Code writes URIs');
    assert.strictEqual(joinPath('', 'm.json'), 'm.json');
    assert.strictEqual(joinPath('sub', '../m.json'), 'm.json');
    assert.strictEqual(joinPath('/repo', '/etc/m.json'), '/etc/m.json');
    assert.strictEqual(joinPath('/repo', 'file:///x/m.json'), 'file:///x/m.json');
    assert.ok(isAbsolutePath('D:/x') && isAbsolutePath('\\\\server\\x') && !isAbsolutePath('x/y'));
  });

  it('relativePath: decoded, with ../ outside the base, undefined across roots', () => {
    assert.strictEqual(relativePath('/repo', '/repo/a/b.iflw'), 'a/b.iflw');
    assert.strictEqual(relativePath('/repo/sub', '/repo/certs/a.pem'), '../certs/a.pem');
    assert.strictEqual(relativePath('file:///repo', 'file:///repo/my%20flows/a.iflw'), 'my flows/a.iflw');
    assert.strictEqual(relativePath('C:\\repo', 'c:\\repo\\a\\b.iflw'), 'a/b.iflw');
    assert.strictEqual(relativePath('C:\\repo', 'D:\\repo\\a.iflw'), undefined);
    assert.strictEqual(relativePath('file:///repo', '/repo/a.iflw'), undefined);
    assert.strictEqual(relativePath('', 'flows/a.iflw'), 'flows/a.iflw');
    assert.strictEqual(relativePath('/repo', '/repo/x.zip!/inner/a.iflw'), 'x.zip!/inner/a.iflw');
  });
});

describe('glob', () => {
  it('pathMatcher: the default certificate globs, any case, dot folders, negation', () => {
    const m = pathMatcher(['**/*.{cer,crt,pem,der,p7b,p7c}']);
    assert.ok(m('certificates/acme.cer'));
    assert.ok(m('ACME.CER'), 'upper-case extension');
    assert.ok(m('.secrets/a.pem'), 'dot folder');
    assert.ok(!m('certificates/acme.json'));
    const n = pathMatcher(['security/**/*.pem', '!security/old/**']);
    assert.ok(n('security/partners/a.pem'));
    assert.ok(!n('security/old/a.pem'));
    assert.ok(!n('other/a.pem'));
    assert.ok(pathMatcher(['./security/*.pem'])('security/a.pem'), 'a leading ./ is ignored');
    assert.ok(pathMatcher(['../certs/*.pem'])('../certs/a.pem'), 'outside the base');
  });

  it('nameMatcher: role patterns are case-sensitive; only negations allow the rest', () => {
    const m = nameMatcher(['*.send']);
    assert.ok(m('Orders.send'));
    assert.ok(!m('Orders.SEND'));
    assert.ok(!m('ESBMessaging.receive'));
    const deny = nameMatcher(['!ESBMessaging.send']);
    assert.ok(deny('Orders.send'));
    assert.ok(!deny('ESBMessaging.send'));
    assert.ok(!nameMatcher([])('Orders.send'));
  });

  it('globProblem refuses empty, huge and brace-exploding patterns; matchers skip them', () => {
    assert.ok(globProblem(''));
    assert.ok(globProblem('a'.repeat(2000)));
    assert.ok(globProblem('{a,b}'.repeat(12)));
    assert.strictEqual(globProblem('**/*.{cer,pem}'), undefined);
    assert.ok(!pathMatcher(['{a,b}'.repeat(12)])('a'.repeat(12)));
  });

  it('escapeGlob writes a pattern that matches its path only, magic characters, braces and a leading ! included', () => {
    for (const name of ['flows/a*b?.iflw', 'flows/[x]/{a,b}.iflw', '!legacy/x.iflw', '#x/y.iflw']) {
      const m = pathMatcher([escapeGlob(name)]);
      assert.ok(m(name), `${escapeGlob(name)} matches ${name}`);
      assert.ok(!m(name.replace(/\.iflw$/, '2.iflw')), `${escapeGlob(name)} matches only ${name}`);
    }
    assert.strictEqual(escapeGlob('!a/{b}*'), '{!,!}a/[{]b[}][*]');
    assert.ok(!pathMatcher([escapeGlob('flows/{a,b}.iflw')])('flows/a.iflw'), 'the braces are not alternatives');
  });

  it('caseInsensitiveGlob spells each letter both ways, outside character classes', () => {
    assert.strictEqual(caseInsensitiveGlob('**/*.{cer,p7b}'), '**/*.{[cC][eE][rR],[pP]7[bB]}');
    assert.strictEqual(caseInsensitiveGlob('[a-z]x'), '[a-z][xX]');
  });
});
