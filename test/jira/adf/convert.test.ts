import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  type AdfDoc,
  type AdfNode,
  adfLength,
  markdownToAdf,
  validateAdf,
} from '../../../src/jira/adf/index.ts';

function valid(doc: AdfDoc): AdfDoc {
  assert.deepEqual(validateAdf(doc), []);
  return doc;
}

function types(nodes: AdfNode[] | undefined): string[] {
  return (nodes ?? []).map((n) => n.type);
}

const REAL_PLANS = '/work/shared/real-plans';

describe('markdownToAdf', () => {
  it('converts ordinary Markdown into the expected nodes', () => {
    const doc = valid(
      markdownToAdf('# Title\n\nSome **bold** and `code`.\n\n1. one\n2. two\n\n---\n'),
    );
    assert.deepEqual(types(doc.content), ['heading', 'paragraph', 'orderedList', 'rule']);
    assert.deepEqual(doc.content[1], {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Some ' },
        { type: 'text', text: 'bold', marks: [{ type: 'strong' }] },
        { type: 'text', text: ' and ' },
        { type: 'text', text: 'code', marks: [{ type: 'code' }] },
        { type: 'text', text: '.' },
      ],
    });
  });

  it('gives an empty document for empty or blank input', () => {
    assert.deepEqual(valid(markdownToAdf('')), { version: 1, type: 'doc', content: [] });
    assert.deepEqual(valid(markdownToAdf(' \n\n\t\n')).content, []);
  });

  it('keeps headings, quotes and tables out of list items', () => {
    const md =
      '- item\n  # Heading in list\n  > quote in list\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n';
    const doc = valid(markdownToAdf(md));
    const item = doc.content[0]?.content?.[0];
    assert.equal(item?.type, 'listItem');
    assert.deepEqual(types(item?.content), [
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
    assert.deepEqual(item?.content?.[1]?.content, [
      { type: 'text', text: 'Heading in list', marks: [{ type: 'strong' }] },
    ]);
    assert.deepEqual(item?.content?.[4]?.content, [{ type: 'text', text: '1 | 2' }]);
  });

  it('unwraps headings and nested quotes inside a quote', () => {
    const doc = valid(markdownToAdf('> # heading in quote\n> - list\n> > nested quote'));
    assert.deepEqual(types(doc.content), ['blockquote']);
    assert.deepEqual(types(doc.content[0]?.content), ['paragraph', 'bulletList']);
  });

  it('keeps task items inline and moves nested task lists beside them', () => {
    const doc = valid(
      markdownToAdf('- [ ] task one\n  - nested bullet\n- [x] done **bold**\n  - [ ] nested task'),
    );
    const list = doc.content[0];
    assert.equal(list?.type, 'taskList');
    assert.deepEqual(types(list?.content), ['taskItem', 'taskItem', 'taskList']);
    assert.deepEqual(types(list?.content?.[0]?.content), ['text', 'hardBreak', 'text']);
    assert.equal(list?.content?.[1]?.attrs?.state, 'DONE');
  });

  it('derives task localIds from content and position, the same on every run', () => {
    const md = '- [ ] alpha\n- [ ] beta\n';
    const a = markdownToAdf(md);
    assert.deepEqual(markdownToAdf(md), a);
    const ids = a.content[0]?.content?.map((i) => i.attrs?.localId);
    assert.equal(new Set(ids).size, 2);
    assert.notEqual(
      markdownToAdf('- [ ] alpha\n- [ ] gamma\n').content[0]?.content?.[1]?.attrs?.localId,
      ids?.[1],
    );
  });

  it('turns images into link text and drops unsafe links', () => {
    const doc = valid(
      markdownToAdf(
        '![diagram](https://example.com/a.png)\n\n![x](javascript:alert(1)) [js](javascript:alert(1))',
      ),
    );
    assert.deepEqual(doc.content[0], {
      type: 'paragraph',
      content: [
        {
          type: 'text',
          text: 'diagram',
          marks: [{ type: 'link', attrs: { href: 'https://example.com/a.png' } }],
        },
      ],
    });
    assert.ok(!JSON.stringify(doc).includes('javascript:'));
    assert.ok(!JSON.stringify(doc).includes('media'));
  });

  it('keeps images inside list and task items as links, labelled by the URL when alt is empty', () => {
    const doc = valid(
      markdownToAdf('- ![logo](https://e.x/l.png) text\n\nThen:\n\n- [ ] ![](https://e.x/i.png)'),
    );
    assert.deepEqual(doc.content[0]?.content?.[0]?.content?.[0]?.content, [
      {
        type: 'text',
        text: 'logo',
        marks: [{ type: 'link', attrs: { href: 'https://e.x/l.png' } }],
      },
      { type: 'text', text: ' text' },
    ]);
    assert.deepEqual(doc.content[2]?.content?.[0]?.content, [
      {
        type: 'text',
        text: 'https://e.x/i.png',
        marks: [{ type: 'link', attrs: { href: 'https://e.x/i.png' } }],
      },
    ]);
  });

  it('turns <br> into a space rather than gluing words', () => {
    assert.deepEqual(valid(markdownToAdf('a<br>b')).content[0]?.content, [
      { type: 'text', text: 'a b' },
    ]);
  });

  it('keeps the text of raw HTML and never reads an <adf> tag as nodes', () => {
    const md =
      '<div>raw <b>html</b></div>\n\npara <span>inline</span> end\n\n<adf>\n{"type":"panel"\n</adf>\n\n<adf>\n{"type":"mention","attrs":{"id":"x"}}\n</adf>';
    const doc = valid(markdownToAdf(md));
    const texts = doc.content.map((p) => p.content?.map((t) => t.text).join(''));
    assert.deepEqual(texts, [
      'raw html',
      'para inline end',
      '{"type":"panel"',
      '{"type":"mention","attrs":{"id":"x"}}',
    ]);
  });

  it('leaves HTML inside code spans and fenced code untouched', () => {
    const doc = valid(markdownToAdf('Use `<b>` here.\n\n```html\n<div>kept</div>\n```\n'));
    assert.deepEqual(doc.content[0]?.content?.[1], {
      type: 'text',
      text: '<b>',
      marks: [{ type: 'code' }],
    });
    assert.deepEqual(doc.content[1], {
      type: 'codeBlock',
      attrs: { language: 'html' },
      content: [{ type: 'text', text: '<div>kept</div>' }],
    });
  });

  it('combines the code mark with link only', () => {
    const doc = valid(markdownToAdf('**`code bold`** [`code link`](https://x.y) ~~`struck`~~'));
    const marked = doc.content[0]?.content?.filter((t) => t.marks) ?? [];
    assert.deepEqual(
      marked.map((t) => [t.text, t.marks?.map((m) => m.type)]),
      [
        ['code bold', ['code']],
        ['code link', ['link', 'code']],
        ['struck', ['code']],
      ],
    );
  });

  it('fills empty table cells and drops empty list items', () => {
    const doc = valid(markdownToAdf('| h1 | |\n|---|---|\n| | x |\n\n-\n- \n- real'));
    assert.deepEqual(doc.content[0]?.content?.[0]?.content?.[1], {
      type: 'tableHeader',
      content: [{ type: 'paragraph', content: [] }],
    });
    const list = doc.content[1];
    assert.deepEqual(types(list?.content), ['listItem']);
  });

  it('starts a list item that opens with a nested list with a paragraph', () => {
    const doc = valid(markdownToAdf('- - deep\n- ```js\n  code\n  ```'));
    assert.deepEqual(types(doc.content[0]?.content?.[0]?.content), ['paragraph', 'bulletList']);
    assert.deepEqual(doc.content[0]?.content?.[1]?.content?.[0], {
      type: 'codeBlock',
      attrs: { language: 'js' },
      content: [{ type: 'text', text: 'code' }],
    });
  });

  it('handles 40 KB of mixed Markdown and measures it past the limit', () => {
    const chunk =
      '## Part\n\n- [ ] check **this** `now`\n  - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n\n[link](https://e.x/i)\n\n';
    const md = chunk.repeat(Math.ceil(40_000 / chunk.length));
    assert.ok(md.length >= 40_000);
    const doc = valid(markdownToAdf(md));
    assert.ok(adfLength(doc) > 32_767);
    assert.equal(adfLength(doc), JSON.stringify(doc).length);
  });

  it('stays valid for 150 seeded random mixes of tricky fragments', () => {
    const fragments = [
      '# h',
      '- a',
      '  - b',
      '    # deep heading',
      '1. one',
      '- [ ] t',
      '  - [x] nested t',
      '> q',
      '> > qq',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '  | x |\n  |---|\n  | y |',
      '![i](https://e.x/i.png)',
      '<div>html</div>',
      '<adf>',
      '{"type":"panel"}',
      '</adf>',
      '```\ncode\n```',
      '**`b`**',
      '~~s~~',
      '---',
      '',
      '  ',
      '[l](https://e.x)',
      '<!-- c -->',
      '- ',
      '>',
      '\\',
      '*',
      '`',
      '<',
      '&amp;',
    ];
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 150; run += 1) {
      const lines = Array.from({ length: 1 + Math.floor(next() * 12) }, () => {
        const fragment = fragments[Math.floor(next() * fragments.length)] ?? '';
        return next() < 0.3 ? `  ${fragment}` : fragment;
      });
      const md = lines.join(next() < 0.5 ? '\n' : '\n\n');
      assert.deepEqual(validateAdf(markdownToAdf(md)), [], JSON.stringify(md));
    }
  });

  it('accepts every Markdown file of the real plans', () => {
    const dirs = ['markdown', 'speckit'].map((d) => join(REAL_PLANS, d));
    const files = dirs.flatMap((d) => readdirSync(d).map((f) => join(d, f)));
    assert.ok(files.length >= 5);
    for (const file of files) {
      const doc = markdownToAdf(readFileSync(file, 'utf8'));
      assert.deepEqual(validateAdf(doc), [], file);
      assert.ok(doc.content.length > 0, file);
    }
  });
});
