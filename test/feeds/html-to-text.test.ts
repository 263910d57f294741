import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../src/feeds/html-entities.js';
import { htmlToLine, htmlToText } from '../../src/feeds/html-to-text.js';

describe('htmlToText', () => {
  it('strips tags and keeps paragraphs apart', () => {
    expect(htmlToText('<p>Meta opens <b>Llama</b> weights.</p><p>Critics   object.</p>')).toBe('Meta opens Llama weights.\nCritics object.');
  });

  it('drops scripts, styles and comments with their content', () => {
    const html = '<style>p{color:red}</style><p>Kept</p><script>alert("x")</script><!-- hidden --><noscript>nojs</noscript>';
    expect(htmlToText(html)).toBe('Kept');
  });

  it('drops an unclosed script to the end rather than leaking code', () => {
    expect(htmlToText('Visible<script>var secret = 1;')).toBe('Visible');
  });

  it('decodes entities after removing tags, so escaped markup stays text', () => {
    expect(htmlToText('R&amp;D &lt;b&gt; &#8220;quoted&#8221; &euro;5 caf&eacute; &#x1F600;')).toBe('R&D <b> “quoted” €5 café 😀');
  });

  it('turns br and list items into line breaks and collapses spaces and nbsp', () => {
    expect(htmlToText('one<br/>two<ul><li>three&nbsp;&nbsp;four</li></ul>')).toBe('one\ntwo\nthree four');
  });

  it('leaves a bare "<" that is not a tag', () => {
    expect(htmlToText('latency < 5 ms and a<b')).toBe('latency < 5 ms and a<b');
  });

  it('removes control characters', () => {
    expect(htmlToText('a\u0007b\u0000c')).toBe('abc');
  });

  it('htmlToLine makes one line', () => {
    expect(htmlToLine('<h1>Big\nnews</h1><p>today</p>')).toBe('Big news today');
  });
});

describe('decodeEntities', () => {
  it('maps C1 numeric references as windows-1252, as browsers do', () => {
    expect(decodeEntities('&#147;hi&#148; &#128;')).toBe('“hi” €');
  });

  it('keeps unknown names and refuses invalid code points', () => {
    expect(decodeEntities('&bogus; &#0; &#xD800; AT&T')).toBe('&bogus; \uFFFD \uFFFD AT&T');
  });
});
