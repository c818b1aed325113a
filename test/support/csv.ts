// A strict RFC 4180 reader for tests: quoted fields, doubled quotes, line breaks inside quotes, CRLF rows.

/** The rows of `text`; throws where the text is not RFC 4180. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      let value = '';
      let at = i + 1;
      for (;;) {
        if (at >= text.length) throw new Error(`Unclosed quote at ${i}`);
        if (text[at] !== '"') value += text[at++];
        else if (text[at + 1] === '"') {
          value += '"';
          at += 2;
        } else break;
      }
      field = value;
      i = at + 1;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`Text after a closing quote at ${i}`);
      continue;
    }
    if (text[i] === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      if (text[i] === '"' || text[i] === '\n' || text[i] === '\r') throw new Error(`Unquoted ${JSON.stringify(text[i])} at ${i}`);
      field += text[i];
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('The last row does not end with CRLF');
  return rows;
}
