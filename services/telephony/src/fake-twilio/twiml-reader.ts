/**
 * A deliberately tiny TwiML reader for the fake callee: elements, attributes
 * and text, enough to walk <Say>, <Gather>, <Redirect> and <Hangup>.
 * Not a general XML parser (no CDATA, comments are skipped).
 */
export interface TwimlElement {
  name: string;
  attributes: Record<string, string>;
  children: TwimlElement[];
  text: string;
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity as 'amp'];
  });
}

/** Parses a TwiML document and returns its root element (normally <Response>). */
export function parseTwiml(xml: string): TwimlElement {
  const root: TwimlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: TwimlElement[] = [root];
  for (const match of xml.matchAll(TOKEN)) {
    const [whole, closing, name, rawAttributes, selfClosing, text] = match;
    const current = stack[stack.length - 1]!;
    if (text !== undefined) {
      current.text += decodeXmlEntities(text);
      continue;
    }
    if (!name) continue; // comment or processing instruction
    if (closing) {
      if (current.name !== name) throw new Error(`TwiML: </${name}> closes <${current.name}>`);
      stack.pop();
      continue;
    }
    const element: TwimlElement = { name, attributes: {}, children: [], text: '' };
    for (const a of (rawAttributes ?? '').matchAll(ATTRIBUTE)) element.attributes[a[1]!] = decodeXmlEntities(a[2] ?? a[3] ?? '');
    current.children.push(element);
    if (!selfClosing && !whole.endsWith('/>')) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`TwiML: <${stack[stack.length - 1]!.name}> is not closed`);
  const response = root.children[0];
  if (!response || response.name !== 'Response') throw new Error('TwiML: the root element must be <Response>');
  return response;
}
